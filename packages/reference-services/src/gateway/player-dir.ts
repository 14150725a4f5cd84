import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The built web player (`@backbeat/web-player`'s `dist/`), or undefined when
 * that package is not installed or not built. It is looked up at run time, not
 * declared as a dependency: the player is built from this package's contracts,
 * so it comes after this package in the build.
 */
export function webPlayerDir(): string | undefined {
	try {
		const manifest = createRequire(import.meta.url).resolve("@backbeat/web-player/package.json");
		const dist = join(dirname(manifest), "dist");
		return existsSync(join(dist, "index.html")) ? dist : undefined;
	} catch {
		return undefined;
	}
}
