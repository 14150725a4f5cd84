// Every default the SDK exports is the default its README's option table
// shows: a changed default can't leave the table behind.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
	BROKER_DEFAULTS,
	CHANNEL_DEFAULTS,
	CONSUMER_DEFAULTS,
	DATABASE_DEFAULTS,
	RELAY_DEFAULTS,
	RESILIENCE_DEFAULTS,
	TRACING_DEFAULTS
} from "@backbeat/sdk";
import { CRUD_ADAPTER_DEFAULTS, CRUD_SERVICE_DEFAULTS } from "@backbeat/sdk/crud";
import { GATEWAY_DEFAULTS, ISSUE_TOKEN_DEFAULTS, JWT_DEFAULTS, RATE_LIMIT_DEFAULTS } from "@backbeat/sdk/gateway";
import { LOGIN_THROTTLE_DEFAULTS, USERS_DEFAULTS } from "@backbeat/reference-services";
import t from "tap";
import { optionTable, parseLiteral } from "../support/option-tables.js";

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "..", "packages", "sdk", "README.md"), "utf8");

/** Flattens `{ retry: { maxAttempts: 3 } }` to `retry.maxAttempts` → 3. */
function leaves(value: object, prefix = ""): Array<[string, unknown]> {
	return Object.entries(value).flatMap(([key, inner]) =>
		inner !== null && typeof inner === "object" && !Array.isArray(inner)
			? leaves(inner, `${prefix}${key}.`)
			: [[`${prefix}${key}`, inner]]
	);
}

interface TableCheck {
	readonly name: string;
	readonly anchor: string;
	readonly defaults: object;
	/** The README row of each default (its path in the object); by default the row named like the path. */
	readonly rowOf?: Readonly<Record<string, { row: string; pick?: (value: unknown) => unknown }>>;
	/** Defaults with no row of their own, and why. */
	readonly notInTable?: Readonly<Record<string, string>>;
	/** Nested objects the table shows whole (`backoff`: `{ baseMs, capMs }`). */
	readonly whole?: readonly string[];
	/** The README holding the table, when not the SDK's. */
	readonly readme?: string;
}

const platformReadme = readFileSync(
	join(dirname(fileURLToPath(import.meta.url)), "..", "..", "packages", "reference-services", "README.md"),
	"utf8"
);

const CHECKS: readonly TableCheck[] = [
	{
		name: "USERS_DEFAULTS and LOGIN_THROTTLE_DEFAULTS",
		anchor: "`createUsersService` takes these options:",
		readme: platformReadme,
		defaults: { ...USERS_DEFAULTS, loginThrottle: LOGIN_THROTTLE_DEFAULTS },
		whole: ["loginThrottle"]
	},
	{ name: "RESILIENCE_DEFAULTS", anchor: "`createBroker({ resilience })`:", defaults: RESILIENCE_DEFAULTS },
	{ name: "RELAY_DEFAULTS", anchor: "### The relay:", defaults: RELAY_DEFAULTS, whole: ["backoff"] },
	{ name: "CONSUMER_DEFAULTS", anchor: "### Consumers:", defaults: CONSUMER_DEFAULTS, whole: ["backoff"] },
	{
		name: "CHANNEL_DEFAULTS",
		anchor: "### Channels: `createBroker({ channels })`",
		defaults: CHANNEL_DEFAULTS,
		rowOf: Object.fromEntries(Object.keys(CHANNEL_DEFAULTS).map(key => [key, { row: `channels.${key}` }]))
	},
	{
		name: "BROKER_DEFAULTS",
		anchor: "### `createBroker(options?, env = process.env)`",
		defaults: BROKER_DEFAULTS,
		rowOf: { amqpPrefetch: { row: "amqp.prefetch" } }
	},
	{
		name: "DATABASE_DEFAULTS",
		anchor: "### `openDatabase<T>(options?, env = process.env)`",
		defaults: DATABASE_DEFAULTS,
		notInTable: { dataDir: "part of the `url` row's default, checked below" }
	},
	{
		name: "TRACING_DEFAULTS",
		anchor: "`createBroker({ tracing })` takes",
		defaults: TRACING_DEFAULTS,
		rowOf: {
			otlpEndpoint: { row: "otlp" },
			maxTraces: { row: "memory", pick: value => (value as { maxTraces?: unknown }).maxTraces }
		}
	},
	{ name: "CRUD_SERVICE_DEFAULTS", anchor: "`defineCrudService(options)` takes:", defaults: CRUD_SERVICE_DEFAULTS },
	{ name: "CRUD_ADAPTER_DEFAULTS", anchor: "`crudAdapter(db, options)` takes:", defaults: CRUD_ADAPTER_DEFAULTS },
	{ name: "JWT_DEFAULTS", anchor: "`createGateway({ auth })` takes:", defaults: JWT_DEFAULTS },
	{ name: "ISSUE_TOKEN_DEFAULTS", anchor: "signs a token the gateway accepts", defaults: ISSUE_TOKEN_DEFAULTS },
	{
		name: "RATE_LIMIT_DEFAULTS",
		anchor: "`createGateway({ rateLimit })` takes:",
		defaults: RATE_LIMIT_DEFAULTS,
		whole: ["perUser", "perIp"]
	},
	{
		name: "GATEWAY_DEFAULTS",
		anchor: "`createGateway(options)` returns a service schema",
		defaults: GATEWAY_DEFAULTS,
		whole: ["apiInfo"]
	}
];

for (const check of CHECKS) {
	t.test(`${check.name} matches its README table`, async t => {
		const rows = optionTable(check.readme ?? readme, check.anchor);
		const defaults = Object.entries(check.defaults).flatMap(([key, value]) =>
			check.whole?.includes(key) || value === null || typeof value !== "object"
				? [[key, value] as [string, unknown]]
				: leaves(value, `${key}.`)
		);
		for (const [path, value] of defaults) {
			if (check.notInTable?.[path]) continue;
			const { row: rowName = path, pick = (v: unknown) => v } = check.rowOf?.[path] ?? {};
			const row = rows.get(rowName);
			if (!row) {
				t.fail(`no README row \`${rowName}\` for ${check.name}.${path}`);
				continue;
			}
			t.same(pick(row.value), value, `${check.name}.${path} = ${JSON.stringify(value)}; README row \`${rowName}\` says: ${row.cell}`);
		}
	});
}

t.test("the default SQLite file is in DATABASE_DEFAULTS.dataDir, named DATABASE_DEFAULTS.name", async t => {
	const rows = optionTable(readme, "### `openDatabase<T>(options?, env = process.env)`");
	t.match(rows.get("url")?.cell, `./${DATABASE_DEFAULTS.dataDir}>/<name>.sqlite`, "the url row names the data folder");
	t.equal(rows.get("name")?.value, DATABASE_DEFAULTS.name);
});

t.test("the table reader can fail: a changed value or a missing row is seen", async t => {
	const table =
		"`x` options:\n\n| option | default | meaning |\n|---|---|---|\n| `a` | `3` | |\n| `b` | `{ baseMs: 1, capMs: 2 }` (about) | |\n| `c` | none | |\n";
	const rows = optionTable(table, "`x` options:");
	t.same([...rows.keys()], ["a", "b", "c"]);
	t.equal(rows.get("a")?.value, 3);
	t.not(rows.get("a")?.value, 4);
	t.same(rows.get("b")?.value, { baseMs: 1, capMs: 2 });
	t.equal(rows.get("c")?.value, undefined);
	t.equal(parseLiteral("in-process"), "in-process");
	t.equal(parseLiteral('""'), "");
	t.throws(() => optionTable(table, "`y` options:"), /anchor not found/);
});
