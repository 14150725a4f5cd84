// The gateway's OpenAPI fuzz walk over every route of the platform (the SDK
// testing kit's fuzzOpenApi): every bad request is a 4xx in the one error
// shape, never a 5xx, and no database changes.
import { fuzzOpenApi } from "@backbeat/sdk/testing";
import { sql } from "kysely";
import t from "tap";
import { openCatalogDatabase } from "../src/catalog/database.js";
import { PLATFORM_CONTRACTS } from "../src/gateway/service.js";
import { openLibraryDatabase } from "../src/library/database.js";
import { openNotificationsDatabase } from "../src/notifications/database.js";
import { openPaymentsDatabase } from "../src/payments/database.js";
import { startPlatform } from "../src/platform.js";
import { openPlaylistsDatabase } from "../src/playlists/database.js";
import { openRecommendationsDatabase } from "../src/recommendations/database.js";
import { openUsersDatabase } from "../src/users/database.js";
import { useTemporaryDataDir } from "./support/data-dir.js";

const SECRET = "platform-fuzz-secret-0123456789-abcdefghijkl";

t.test("every platform route refuses bad input with a 4xx and changes nothing", async t => {
	const dataDir = useTemporaryDataDir(t);
	process.env["BACKBEAT_JWT_SECRET"] = SECRET;
	t.teardown(() => {
		delete process.env["BACKBEAT_JWT_SECRET"];
	});
	const platform = await startPlatform({ port: 0 });
	t.teardown(() => platform.stop());
	const databases = [
		openCatalogDatabase(`sqlite:${dataDir}/catalog.sqlite`),
		openUsersDatabase(`sqlite:${dataDir}/users.sqlite`),
		openLibraryDatabase(`sqlite:${dataDir}/library.sqlite`),
		openPlaylistsDatabase(`sqlite:${dataDir}/playlists.sqlite`),
		openPaymentsDatabase(`sqlite:${dataDir}/payments.sqlite`),
		openRecommendationsDatabase(`sqlite:${dataDir}/recommendations.sqlite`),
		openNotificationsDatabase(`sqlite:${dataDir}/notifications.sqlite`)
	];
	t.teardown(() => Promise.all(databases.map(db => db.close())));
	const tables = ["tracks", "users", "library_items", "playlists", "subscriptions", "weekly_mixes", "notifications"];
	const counts = () =>
		Promise.all(
			databases.map(async (db, i) => {
				const rows = await sql<{
					n: number;
				}>`select (select count(*) from ${sql.table(tables[i] as string)}) + (select count(*) from backbeat_outbox) as n`.execute(
					db.db
				);
				return Number(rows.rows[0]?.n);
			})
		);
	const before = await counts();
	const walked = await fuzzOpenApi(t, { baseUrl: `${platform.url}/api`, secret: SECRET, contracts: PLATFORM_CONTRACTS });
	t.ok(walked >= 30, `every route of the platform (${walked})`);
	t.same(await counts(), before, "no table and no outbox changed");
});
