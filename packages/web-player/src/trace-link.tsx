import { useEffect, useState } from "preact/hooks";
import { onTrace } from "./api.js";

/**
 * A link to the waterfall of the last request the user's actions made (its
 * `x-trace-id`), where the gateway keeps traces (`/traces`: the platform's
 * embedded mode). Where it keeps none the link is not shown.
 */
export function TraceLink() {
	const [served, setServed] = useState(false);
	const [traceId, setTraceId] = useState<string | undefined>();
	useEffect(() => {
		fetch("/traces", { headers: { accept: "application/json" } })
			.then(response => setServed(response.ok))
			.catch(() => setServed(false));
		return onTrace(setTraceId);
	}, []);
	if (!served || !traceId) return null;
	return (
		<footer class="trace">
			<a href={`/traces/${encodeURIComponent(traceId)}/view`} target="_blank" rel="noopener">
				Trace of the last request
			</a>{" "}
			<span class="meta">({traceId.slice(0, 8)}…, opens in a new tab)</span>
		</footer>
	);
}
