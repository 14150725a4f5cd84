import { client } from "@backbeat/sdk";
import { startTestBroker } from "@backbeat/sdk/testing";
import t from "tap";
import { CatalogContract } from "../src/catalog/contract.js";
import { createCatalogService } from "../src/catalog/service.js";

t.test("catalog: lookup, search with defaults, and clear errors", async t => {
	const broker = await startTestBroker(t, { services: [createCatalogService()] });
	const catalog = client(broker, CatalogContract);
	t.equal((await catalog.getTrack({ id: "trk-2" })).title, "Giant Steps");
	t.same(
		(await catalog.search({ query: "  miles " })).tracks.map(track => track.id),
		["trk-1", "trk-3"]
	);
	t.same((await catalog.search({ query: "miles", limit: 1 })).tracks.length, 1);
	await t.rejects(catalog.getTrack({ id: "nope" }), { code: "NOT_FOUND", data: { id: "nope" } });
	await t.rejects(catalog.search({ query: "", limit: 99 }), {
		code: "VALIDATION_FAILED",
		data: { issues: [{ path: "query" }, { path: "limit" }] }
	});
});
