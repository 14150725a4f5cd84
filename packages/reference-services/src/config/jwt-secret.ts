import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DATABASE_DEFAULTS } from "@backbeat/sdk";

/**
 * The HS256 secret the users service signs with and the gateway verifies:
 * `BACKBEAT_JWT_SECRET`, else a random one kept in `<data folder>/jwt-secret`
 * (made on first use, readable by its owner only), so an embedded platform
 * needs no set-up and its sessions survive a restart.
 */
export function platformJwtSecret(env: NodeJS.ProcessEnv = process.env): string {
	const configured = env["BACKBEAT_JWT_SECRET"];
	if (configured) return configured;
	const dir = env["BACKBEAT_DATA_DIR"] || DATABASE_DEFAULTS.dataDir;
	const file = join(dir, "jwt-secret");
	mkdirSync(dir, { recursive: true });
	try {
		writeFileSync(file, randomBytes(48).toString("base64url"), { flag: "wx", mode: 0o600 });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
	}
	return readFileSync(file, "utf8").trim();
}
