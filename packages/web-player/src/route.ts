import { useEffect, useState } from "preact/hooks";

/** Where the page is: one of the main screens, or an artist's or an album's page. Kept in the URL's hash, so back and forward work. */
export type Route =
	| { readonly screen: "home" | "search" | "playlists" | "notifications" | "premium" }
	| { readonly screen: "artist" | "album"; readonly id: string };

const MAIN_SCREENS = new Set(["home", "search", "playlists", "notifications", "premium"]);

/** `#/artist/<id>` → the artist's page; an unknown hash is the home screen. */
export function parseRoute(hash: string): Route {
	const [screen = "", id] = hash.replace(/^#\/?/, "").split("/");
	if ((screen === "artist" || screen === "album") && id) return { screen, id: decodeURIComponent(id) };
	if (MAIN_SCREENS.has(screen)) return { screen: screen as "home" };
	return { screen: "home" };
}

export function href(route: Route): string {
	return "id" in route ? `#/${route.screen}/${encodeURIComponent(route.id)}` : `#/${route.screen}`;
}

export function useRoute(): Route {
	const [route, setRoute] = useState(() => parseRoute(location.hash));
	useEffect(() => {
		const onChange = () => setRoute(parseRoute(location.hash));
		addEventListener("hashchange", onChange);
		return () => removeEventListener("hashchange", onChange);
	}, []);
	return route;
}
