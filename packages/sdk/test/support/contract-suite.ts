import type { Test } from "tap";
import type { ServiceSchema } from "moleculer";
import { client, toBackbeatError as toBackbeat, type BackbeatBroker, type TracingOptions } from "../../src/index.js";
import { assertOneTraceAcross } from "./trace-assertions.js";
import { rejectionOf } from "./failures.js";
import { PlaylistsV1, TracksV1, TracksV2, createTrackListener, playlistsService, tracksV1Service, tracksV2Service } from "./tracks.js";

/**
 * Starts a caller and a callee broker for one transporter (the same broker
 * when the transporter is in-process) and stops them when the test ends.
 */
export type StartPair = (
	t: Test,
	callee: { services: ServiceSchema[]; validateResults?: boolean; tracing?: TracingOptions },
	caller: { services: ServiceSchema[]; tracing?: TracingOptions }
) => Promise<{ caller: BackbeatBroker; callee: BackbeatBroker }>;

/** The same contract behaviour, asserted over any transporter. */
export function contractSuite(t: Test, startPair: StartPair, networked: boolean): void {
	t.test("typed calls, errors and events", async t => {
		const listener = createTrackListener();
		const { caller } = await startPair(
			t,
			{ services: [tracksV1Service, tracksV2Service, playlistsService] },
			{ services: [listener.service] }
		);
		const tracks = client(caller, TracksV1);

		t.test("a typed call returns the handler's result with defaults applied", async t => {
			const added = await tracks.add({ title: "Blue", durationMs: 200_000 });
			t.same(added, { id: "t-4", title: "Blue", durationMs: 200_000, tags: [] });
		});

		t.test("an event emitted by the callee reaches the subscriber with its payload", async t => {
			const arrival = listener.next();
			await tracks.add({ title: "Event me", durationMs: 1 });
			t.same(await arrival, { id: "t-8", title: "Event me" });
		});

		t.test("a malformed payload from an untyped producer never reaches the handler", async t => {
			const before = listener.received.length;
			const arrival = listener.next();
			await caller.emit("v1.tracks.trackAdded", { id: 42 });
			await caller.emit("v1.tracks.trackAdded", { id: "ok", title: "Valid" });
			t.same(await arrival, { id: "ok", title: "Valid" });
			t.equal(listener.received.length, before + 1, "only the valid event was handled");
		});

		t.test("two versions of one contract run side by side", async t => {
			t.same(await client(caller, TracksV2).get({ id: "7" }), { id: "7", title: "Track 7", durationMs: 1000, artist: "v2 artist" });
			t.same(await tracks.get({ id: "7" }), { id: "7", title: "Track 7", durationMs: 1000 });
		});

		t.test("a nested call through ctx keeps the request id", async t => {
			const result = await client(caller, PlaylistsV1).addTrack({ playlistId: "p1", trackId: "9" });
			t.equal(result.title, "Track 9");
			t.ok(result.outerRequestID.length > 0);
			t.equal(result.innerRequestID, result.outerRequestID);
		});

		t.test("call options: meta reaches the callee", async t => {
			const who = await tracks.whoAmI({}, { meta: { tenant: "acme" } });
			t.equal(who.meta["tenant"], "acme");
		});

		t.test("validation failure: VALIDATION_FAILED with every failing field", async t => {
			const err = await rejectionOf(tracks.add({ title: "", durationMs: -5, tags: ["a", 3 as unknown as string] }));
			t.equal(err.code, "VALIDATION_FAILED");
			t.equal(err.httpStatus, 422);
			t.equal(err.retryable, false);
			t.match(err.data, { target: "v1.tracks.add", part: "params" });
			const paths = (err.data as { issues: Array<{ path: string; message: string }> }).issues.map(i => i.path).sort();
			t.same(paths, ["durationMs", "tags.1", "title"]);
			t.match(err.message, /title/);
		});

		t.test("params of the wrong shape are rejected, not crashed on", async t => {
			for (const bad of [null, "a string", 42, [], { title: { nested: true }, durationMs: "10" }]) {
				const err = await rejectionOf(tracks.add(bad as never));
				t.equal(err.code, "VALIDATION_FAILED", `params ${JSON.stringify(bad)}`);
			}
		});

		t.test("extra fields: stripped by z.object, rejected by z.strictObject", async t => {
			const added = await tracks.add({ title: "Extra", durationMs: 1, sneaky: "x" } as never);
			t.notOk("sneaky" in added);
			const err = await rejectionOf(client(caller, TracksV1).addStrict({ title: "x", sneaky: 1 } as never));
			t.equal(err.code, "VALIDATION_FAILED");
			t.match(err.message, /sneaky/);
		});

		t.test("a huge string is refused with a clear error", async t => {
			const huge = "x".repeat(2 * 1024 * 1024);
			const tooLong = await rejectionOf(tracks.add({ title: huge, durationMs: 1 }));
			// The schema's max applies everywhere; over a network the size guard may answer first.
			t.ok(tooLong.code === "VALIDATION_FAILED" || tooLong.code === "PAYLOAD_TOO_LARGE", tooLong.code);
			if (networked) {
				const err = await rejectionOf(tracks.echo({ text: huge }));
				t.equal(err.code, "PAYLOAD_TOO_LARGE");
				t.match(err.data, { limit: 1024 * 1024 });
			} else {
				t.equal((await tracks.echo({ text: huge })).bytes, huge.length, "in-process calls copy nothing, so no size limit applies");
			}
		});

		t.test("non-JSON values get a clear error", async t => {
			const circular: Record<string, unknown> = { title: "loop", durationMs: 1 };
			circular["self"] = circular;
			const values: unknown[] = [{ text: 10n }, { text: () => "fn" }, { text: Symbol("s") }];
			for (const params of values) {
				const err = await rejectionOf(tracks.echo(params as never));
				t.ok(
					["VALIDATION_FAILED", "NOT_SERIALIZABLE"].includes(err.code),
					`${String(Object.values(params as object)[0]?.toString())}: ${err.code}`
				);
			}
			if (networked) {
				t.equal((await rejectionOf(tracks.add(circular as never))).code, "NOT_SERIALIZABLE");
			} else {
				// Nothing is encoded in-process; the schema strips the unknown `self` key.
				t.notOk("self" in (await tracks.add(circular as never)));
			}
		});

		t.test("errors keep code, data and message across the transporter", async t => {
			const notFound = await rejectionOf(tracks.get({ id: "missing" }));
			t.equal(notFound.code, "NOT_FOUND");
			t.equal(notFound.httpStatus, 404);
			t.same(notFound.data, { id: "missing" });
			t.equal(notFound.message, "Track missing not found");

			const conflict = await rejectionOf(tracks.fail({ kind: "backbeat" }));
			t.equal(conflict.code, "CONFLICT");
			t.same(conflict.data, { reason: "duplicate" });

			const plain = await rejectionOf(tracks.fail({ kind: "plain" }));
			t.equal(plain.code, "INTERNAL_SERVER_ERROR");
			t.equal(plain.message, "database exploded");

			const thrownString = await rejectionOf(tracks.fail({ kind: "string" }));
			t.equal(thrownString.code, "INTERNAL_SERVER_ERROR");
			t.equal(thrownString.message, "a thrown string");
		});

		t.test("a result that breaks the contract is RESULT_INVALID", async t => {
			const err = await rejectionOf(tracks.fail({ kind: "badResult" }));
			t.equal(err.code, "RESULT_INVALID");
			t.equal(err.httpStatus, 500);
			t.match(err.data, { part: "returns", issues: [{ path: "ok" }] });
		});

		t.test("calling an action nobody serves is SERVICE_UNAVAILABLE", async t => {
			const err = await rejectionOf(caller.call("v9.tracks.get", { id: "1" }).catch(e => Promise.reject(toBackbeat(e))));
			t.equal(err.code, "SERVICE_UNAVAILABLE");
			t.equal(err.retryable, true);
		});
	});

	t.test("tracing: one trace across the transporter, the context carried in the request headers", async t => {
		const tracing = { memory: { maxTraces: 10 } };
		const { caller, callee } = await startPair(
			t,
			{ services: [tracksV1Service, playlistsService], tracing },
			{ services: [], tracing }
		);
		await client(caller, PlaylistsV1).addTrack({ playlistId: "p1", trackId: "9" });
		assertOneTraceAcross(t, caller, callee);
	});

	if (networked) {
		t.test("responses that can't travel become errors for the caller, not hangs", async t => {
			const { caller } = await startPair(t, { services: [tracksV1Service], validateResults: false }, { services: [] });
			const tracks = client(caller, TracksV1);
			const huge = await rejectionOf(tracks.fail({ kind: "hugeResult" }));
			t.equal(huge.code, "PAYLOAD_TOO_LARGE");
			const bigint = await rejectionOf(tracks.fail({ kind: "bigintResult" }));
			t.equal(bigint.code, "NOT_SERIALIZABLE");
		});
	}
}
