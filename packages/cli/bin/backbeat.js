#!/usr/bin/env node
// The `backbeat` command. This file is committed (dist/ is built later) so
// that npm links the command at install time, also in a fresh clone of the
// repository, where `npx backbeat` then works once `npm run build` has run.
const main = new URL("../dist/main.js", import.meta.url);
try {
	await import(main.href);
} catch (error) {
	if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes(main.pathname)) {
		console.error("backbeat: the CLI is not built yet; run `npm run build` (or `npm start`) at the repository root first");
		process.exit(1);
	}
	throw error;
}
