import { useEffect, useState } from "preact/hooks";
import { errorText } from "./api.js";

/**
 * Loads data for a screen when `deps` change (and not while `skip` is true, so a
 * hidden screen asks nothing); keeps the last data while the next load runs, and
 * the error in words. A load overtaken by a newer one is dropped.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: readonly unknown[], skip = false) {
	const [data, setData] = useState<T | undefined>();
	const [error, setError] = useState<string | undefined>();
	const [loading, setLoading] = useState(false);
	useEffect(() => {
		if (skip) return;
		let current = true;
		setLoading(true);
		load()
			.then(result => {
				if (!current) return;
				setData(result);
				setError(undefined);
			})
			.catch(caught => current && setError(errorText(caught)))
			.finally(() => current && setLoading(false));
		return () => {
			current = false;
		};
	}, [skip, ...deps]);
	return { data, error, loading, setData };
}
