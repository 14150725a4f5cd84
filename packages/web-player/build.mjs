// Bundles the player for the browser into dist/: index.html, assets/main.js and assets/main.css.
// Fails when the bundle would pull in Moleculer or a Node module: the page must run in a browser.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

const result = await build({
	entryPoints: [join(root, "src", "main.tsx")],
	outfile: join(dist, "assets", "main.js"),
	bundle: true,
	platform: "browser",
	format: "esm",
	target: "es2022",
	minify: true,
	sourcemap: true,
	jsx: "automatic",
	jsxImportSource: "preact",
	metafile: true,
	logLevel: "warning"
});
const serverOnly = Object.keys(result.metafile.inputs).filter(input => /(^|\/)(moleculer[^/]*|node:[^/]+)(\/|$)/.test(input));
if (serverOnly.length > 0) {
	console.error(`web-player: the bundle pulls in server-only modules:\n  ${serverOnly.join("\n  ")}`);
	process.exit(1);
}
copyFileSync(join(root, "src", "index.html"), join(dist, "index.html"));
copyFileSync(join(root, "src", "styles.css"), join(dist, "assets", "main.css"));
const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find(name => name.endsWith("main.js"))].bytes;
console.log(`web-player: dist/assets/main.js ${(bytes / 1024).toFixed(0)} KiB`);
