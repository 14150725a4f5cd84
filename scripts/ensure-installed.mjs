// Runs before `npm start` and `npm test` so a fresh clone needs no separate
// install step: installs from the lockfile when node_modules is missing or
// older than package-lock.json, and does nothing otherwise.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const installed = "node_modules/.package-lock.json";
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync("package-lock.json").mtimeMs;
if (stale) {
	console.log("backbeat: installing dependencies from package-lock.json (first run)…");
	const run = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit" });
	process.exit(run.status ?? 1);
}
