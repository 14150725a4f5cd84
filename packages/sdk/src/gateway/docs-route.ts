import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ApiRouteSchema } from "moleculer-web";
import { BackbeatError } from "../errors/backbeat-error.js";
import type { ResolvedHttpBinding } from "../contract/http-binding.js";
import { sendErrorResponse } from "./error-response.js";
import type { OpenApiDocument } from "./openapi.js";

/** The files of swagger-ui-dist the page loads, by the name it loads them under. */
const ASSETS: Readonly<Record<string, string>> = {
	"swagger-ui.css": "text/css",
	"swagger-ui-bundle.js": "text/javascript",
	"swagger-ui-standalone-preset.js": "text/javascript",
	"favicon-32x32.png": "image/png"
};

/** Paths (under the base path) the docs take; a contract bound to one of them would be shadowed. */
export const DOCS_PATHS = ["/openapi.json", "/docs"] as const;

let assetDirectory: string | undefined;

/** swagger-ui-dist as installed next to the SDK: no CDN, so the page works offline and leaks no visit. */
function assetPath(name: string): string {
	assetDirectory ??= dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
	return join(assetDirectory, name);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** The page: local assets only, and the initializer as a file so a strict CSP (no inline script) holds. */
function page(title: string, assets: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assets}/swagger-ui-bundle.js"></script>
<script src="${assets}/swagger-ui-standalone-preset.js"></script>
<script src="${assets}/init.js"></script>
</body>
</html>
`;
}

function initializer(documentUrl: string): string {
	return `window.ui = SwaggerUIBundle({
	url: ${JSON.stringify(documentUrl)},
	dom_id: "#swagger-ui",
	deepLinking: true,
	presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
	layout: "StandaloneLayout",
	validatorUrl: null
});
`;
}

function send(res: ServerResponse, type: string, body: string | Buffer, cache: string): void {
	res.writeHead(200, {
		"content-type": type.startsWith("image/") ? type : `${type}; charset=utf-8`,
		"content-length": Buffer.byteLength(body),
		"cache-control": cache,
		"x-content-type-options": "nosniff"
	});
	res.end(body);
}

/** Whether a binding would be shadowed by the docs (same path, or under `/docs/`). */
export function shadowedByDocs(binding: Pick<ResolvedHttpBinding, "path">): boolean {
	return DOCS_PATHS.some(path => binding.path === path || binding.path.startsWith(`${path}/`));
}

/**
 * `GET <basePath>/openapi.json` (the document, serialized once) and `GET
 * <basePath>/docs`, an API reference rendered by swagger-ui-dist with its
 * files under `<basePath>/docs/assets/`. Public, and a route of its own so
 * the API route's 404 and 405 answers stay as they are.
 */
export function docsRoute(basePath: string, document: OpenApiDocument): ApiRouteSchema {
	const assets = `${basePath}/docs/assets`;
	const json = JSON.stringify(document);
	const html = page(document.info.title, assets);
	const init = initializer(`${basePath}/openapi.json`);
	const cache = new Map<string, Buffer>();
	return {
		name: "docs",
		path: basePath,
		mappingPolicy: "restrict",
		autoAliases: false,
		bodyParsers: { json: false, urlencoded: false },
		logging: false,
		aliases: {
			"GET /openapi.json"(_req: IncomingMessage, res: ServerResponse) {
				send(res, "application/json", json, "no-cache");
			},
			"GET /docs"(_req: IncomingMessage, res: ServerResponse) {
				send(res, "text/html", html, "no-cache");
			},
			"GET /docs/assets/init.js"(_req: IncomingMessage, res: ServerResponse) {
				send(res, "text/javascript", init, "no-cache");
			},
			"GET /docs/assets/:file"(
				req: IncomingMessage & { $params?: Record<string, unknown> },
				res: ServerResponse,
				next: (error: unknown) => void
			) {
				const file = String(req.$params?.["file"] ?? "");
				const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
				if (type === undefined) return sendErrorResponse(res, new BackbeatError("NOT_FOUND", `No docs asset '${file}'`));
				const cached = cache.get(file);
				if (cached) return send(res, type, cached, "public, max-age=86400");
				readFile(assetPath(file)).then(body => {
					cache.set(file, body);
					send(res, type, body, "public, max-age=86400");
				}, next);
			}
		}
	} as unknown as ApiRouteSchema;
}
