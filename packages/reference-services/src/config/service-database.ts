/**
 * Where a platform service keeps its data: `<SERVICE>_DATABASE_URL`, else
 * `BACKBEAT_DATABASE_URL` with a schema of the service's own when it is a
 * PostgreSQL URL that names none (`?schema=users`), else `undefined`: the
 * SQLite file `<service>.sqlite` under BACKBEAT_DATA_DIR.
 */
export function serviceDatabaseUrl(service: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const own = env[`${service.toUpperCase()}_DATABASE_URL`];
	if (own) return own;
	const shared = env["BACKBEAT_DATABASE_URL"];
	if (!shared) return undefined;
	if (!/^postgres(ql)?:\/\//.test(shared) || /[?&]schema=/.test(shared)) return shared;
	return `${shared}${shared.includes("?") ? "&" : "?"}schema=${service}`;
}
