import { statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import ApiGateway from "moleculer-web";
import { configError } from "../config/settings.js";

type NextHandler = (error?: unknown) => void;
export type StaticHandler = (req: IncomingMessage, res: ServerResponse, next: NextHandler) => void;

/** The folder as a directory that exists; CONFIG_INVALID naming `publicDir` otherwise (a typo would serve nothing in silence). */
export function checkPublicDir(dir: string): void {
	let isDirectory = false;
	try {
		isDirectory = statSync(dir).isDirectory();
	} catch {}
	if (!isDirectory) throw configError("publicDir", `'${dir}' is not a folder`);
}

/** True when `path` is `prefix` itself or below it: `/api` covers `/api` and `/api/x`, not `/apix`. */
function under(path: string, prefix: string): boolean {
	return prefix !== "" && (path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * moleculer-web's static file server (serve-static, used for requests no route
 * answered) over `dir`, with `index.html` for `/`, for GET and HEAD only, and
 * never below `reserved` prefixes: an unknown `/api/...` path stays the API's
 * JSON 404 even if the folder happens to hold a file of that name.
 */
export function staticFiles(dir: string, reserved: readonly string[]): StaticHandler {
	const serve = ApiGateway.serveStatic(dir, { index: ["index.html"], dotfiles: "ignore", fallthrough: true, redirect: false });
	return (req, res, next) => {
		const path = decodeURIComponentSafe((req.url ?? "/").split("?")[0] ?? "/");
		if ((req.method !== "GET" && req.method !== "HEAD") || reserved.some(prefix => under(path, prefix))) return next();
		// index.html names its assets by hash-free paths: revalidate rather than cache for a day.
		res.setHeader("cache-control", "no-cache");
		serve(req as never, res as never, next);
	};
}

function decodeURIComponentSafe(path: string): string {
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}
