import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { BackbeatError, client } from "../../src/index.js";
import { eventually, serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";
import { PlaylistsV1, TracksV1, createTrackListener } from "../support/tracks.js";
import { startChild } from "../../src/testing/child-process.js";

const calleeScript = join(dirname(fileURLToPath(import.meta.url)), "..", "support", "callee-process.ts");

t.test("caller and callee in two Node processes over NATS", { skip: await skipUnlessServer("nats") }, async t => {
	const namespace = uniqueNamespace();
	const transporter = serverUrl("nats");
	await startChild(t, calleeScript, { CALLEE_TRANSPORTER: transporter, CALLEE_NAMESPACE: namespace });

	const listener = createTrackListener();
	const caller = await startTestBroker(t, { transporter, namespace, services: [listener.service] });
	await caller.waitForServices(["v1.tracks", "v1.playlists"], 10_000);
	const remoteNodes = caller.registry.nodes
		.toArray()
		.filter(node => !node.local)
		.map(node => node.id);
	t.equal(remoteNodes.length, 1, "the services live in one other node");

	// Events go only to subscribers the emitting node already knows: wait until the child has seen ours.
	const childNode = remoteNodes[0] ?? "";
	const childSees = async () => {
		const seen = (await caller.call("$node.services", { onlyLocal: false, skipInternal: true }, { nodeID: childNode })) as Array<{
			fullName: string;
		}>;
		return seen.some(service => service.fullName === "v1.track-listener");
	};
	await eventually(childSees, { intervalMs: 50, what: "the child discovering this process's listener" });

	const arrival = listener.next();
	const added = await client(caller, TracksV1).add({ title: "Remote", durationMs: 5 });
	t.same(added, { id: "t-6", title: "Remote", durationMs: 5, tags: [] });
	t.same(await arrival, { id: "t-6", title: "Remote" }, "the child's event reached this process");

	const nested = await client(caller, PlaylistsV1).addTrack({ playlistId: "p", trackId: "3" });
	t.equal(nested.innerRequestID, nested.outerRequestID);

	const invalid = await client(caller, TracksV1)
		.add({ title: "", durationMs: 1 })
		.catch((e: unknown) => e);
	t.type(invalid, BackbeatError);
	t.match(invalid, { code: "VALIDATION_FAILED", data: { issues: [{ path: "title" }] } });
	const missing = await client(caller, TracksV1)
		.get({ id: "missing" })
		.catch((e: unknown) => e);
	t.match(missing, { code: "NOT_FOUND", data: { id: "missing" }, message: "Track missing not found" });
	t.match((missing as BackbeatError).nodeID, remoteNodes[0], "the error names the node that raised it");
});
