// Actions that answer with bytes (a stream, piped through the gateway with the
// handler's status and headers, across NATS too), params read from headers,
// a raw JSON body for signatures, and a required Idempotency-Key.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import t, { type Test } from "tap";
import { z } from "zod";
import { createGateway, gatewayPort, openApiDocument } from "../../src/gateway/index.js";
import { httpClient, HttpClientError } from "../../src/http/index.js";
import { BackbeatError, binaryStream, client, defineContract, defineService, setHttpResponse } from "../../src/index.js";
import { eventually } from "../../src/testing/eventually.js";
import { serverUrl, skipUnlessServer, startTestBroker, uniqueNamespace } from "../../src/testing/index.js";

const FILE = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

const Files = defineContract({
	name: "files",
	version: 1,
	actions: {
		download: {
			params: z.object({ id: z.string(), range: z.string().optional() }),
			returns: binaryStream("audio/mpeg"),
			idempotent: true,
			auth: "public",
			http: { method: "GET", path: "/files/:id", headers: { range: "Range" } }
		},
		hook: {
			params: z.object({ payload: z.string(), signature: z.string() }),
			returns: z.object({ sha256: z.string(), signature: z.string() }),
			auth: "public",
			http: { method: "POST", path: "/hooks", headers: { signature: "Hook-Signature" }, rawBody: "payload" }
		},
		wrapped: {
			params: z.object({}),
			returns: z.object({ bytes: z.int() }),
			auth: "public",
			description: "Reads a range through a nested call and answers JSON: the nested call's 206 must not become this answer's",
			http: "GET /wrapped"
		},
		slow: {
			params: z.object({}),
			returns: binaryStream(),
			auth: "public",
			http: "GET /slow"
		},
		accept: {
			params: z.object({}),
			returns: z.void(),
			auth: "public",
			http: "POST /accept"
		},
		charge: {
			params: z.object({ amount: z.int() }),
			returns: z.object({ charged: z.int() }),
			auth: "public",
			http: { method: "POST", path: "/charges", status: 201, idempotencyKey: "required" }
		}
	}
});

/** A stream that sends one chunk, then waits: `closed` says whether something destroyed it. */
function slowStream(probe: { closed: boolean }): Readable {
	let sent = false;
	const stream = new Readable({
		read() {
			if (!sent) this.push(Buffer.alloc(1024, 1));
			sent = true;
		}
	});
	stream.on("close", () => (probe.closed = true));
	return stream;
}

/** Serves FILE: whole, or the one `bytes=a-b` range asked for (206), or 416 beyond its end. */
function filesService(charges: { count: number }, probe: { closed: boolean } = { closed: false }) {
	return defineService(Files, {
		actions: {
			download(ctx) {
				if (ctx.params.id !== "song") throw new BackbeatError("NOT_FOUND", `No file ${ctx.params.id}`);
				const match = /^bytes=(\d+)-(\d+)$/.exec(ctx.params.range ?? "");
				if (!match) {
					setHttpResponse(ctx, { headers: { "accept-ranges": "bytes", "content-length": String(FILE.length) } });
					return Readable.from([FILE.subarray(0, 2000), FILE.subarray(2000)]);
				}
				const start = Number(match[1]);
				const end = Math.min(Number(match[2]), FILE.length - 1);
				if (start >= FILE.length)
					throw new BackbeatError("RANGE_NOT_SATISFIABLE", `Range starts past the end`, { data: { size: FILE.length } });
				setHttpResponse(ctx, { status: 206, headers: { "content-range": `bytes ${start}-${end}/${FILE.length}` } });
				return Readable.from([FILE.subarray(start, end + 1)]);
			},
			async wrapped(ctx) {
				const part = await client(ctx, Files).download({ id: "song", range: "bytes=0-9" });
				let bytes = 0;
				for await (const chunk of part) bytes += (chunk as Buffer).length;
				return { bytes };
			},
			slow: () => slowStream(probe),
			accept(ctx) {
				setHttpResponse(ctx, { status: 202 });
			},
			hook: ctx => ({ sha256: createHash("sha256").update(ctx.params.payload).digest("hex"), signature: ctx.params.signature }),
			charge: ctx => {
				charges.count++;
				return { charged: ctx.params.amount };
			}
		}
	});
}

async function start(t: Test, transporter: "in-process" | "nats") {
	const charges = { count: 0 };
	const probe = { closed: false };
	const gateway = createGateway({ contracts: [Files], port: 0, rateLimit: false });
	if (transporter === "in-process") {
		const broker = await startTestBroker(t, { services: [filesService(charges, probe), gateway] });
		return { base: `http://127.0.0.1:${gatewayPort(broker)}/api`, charges, probe };
	}
	const options = { transporter: serverUrl("nats"), namespace: uniqueNamespace("bytes") };
	await startTestBroker(t, { ...options, nodeID: "files-node", services: [filesService(charges, probe)] });
	const front = await startTestBroker(t, { ...options, nodeID: "gateway-node", services: [gateway] });
	await front.waitForServices(["v1.files"]);
	return { base: `http://127.0.0.1:${gatewayPort(front)}/api`, charges, probe };
}

for (const transporter of ["in-process", "nats"] as const) {
	t.test(`over ${transporter}`, { skip: transporter === "nats" ? await skipUnlessServer("nats") : false }, async t => {
		const { base, charges, probe } = await start(t, transporter);

		t.test("a byte stream is piped with the contract's content type and the handler's headers", async t => {
			const whole = await fetch(`${base}/files/song`);
			t.equal(whole.status, 200);
			t.equal(whole.headers.get("content-type"), "audio/mpeg");
			t.equal(whole.headers.get("accept-ranges"), "bytes");
			t.same(Buffer.from(await whole.arrayBuffer()), FILE, "every byte, in order");
		});

		t.test("a header becomes a param; the handler's 206 and Content-Range are answered", async t => {
			const part = await fetch(`${base}/files/song`, { headers: { range: "bytes=10-19" } });
			t.equal(part.status, 206);
			t.equal(part.headers.get("content-range"), "bytes 10-19/5000");
			t.same(Buffer.from(await part.arrayBuffer()), FILE.subarray(10, 20));
		});

		t.test("only the header sets a header param, not the query string", async t => {
			const res = await fetch(`${base}/files/song?range=bytes=0-0`);
			t.equal(res.status, 200);
			t.equal((await res.arrayBuffer()).byteLength, FILE.length);
		});

		t.test("a nested call's status and headers don't become the caller's answer", async t => {
			const res = await fetch(`${base}/wrapped`);
			t.equal(res.status, 200);
			t.equal(res.headers.get("content-range"), null);
			t.same(await res.json(), { bytes: 10 });
		});

		t.test("an action that returns nothing answers the status it set", async t => {
			const res = await fetch(`${base}/accept`, { method: "POST" });
			t.equal(res.status, 202);
		});

		t.test("a client that goes away mid-stream: the gateway lets go, and in one process the handler's stream is destroyed", async t => {
			const aborter = new AbortController();
			const res = await fetch(`${base}/slow`, { signal: aborter.signal });
			const reader = res.body?.getReader();
			t.equal((await reader?.read())?.value?.length, 1024, "the first chunk arrived");
			aborter.abort();
			// Over a transporter Moleculer can't tell the sender to stop: it sends what remains (a file stream ends and closes).
			if (transporter === "in-process") await eventually(() => probe.closed, { timeoutMs: 5000, what: "the source stream closed" });
			t.equal((await fetch(`${base}/files/song`, { headers: { range: "bytes=0-0" } })).status, 206, "the gateway serves on");
		});

		t.test("RANGE_NOT_SATISFIABLE is 416 with Content-Range: bytes */size", async t => {
			const res = await fetch(`${base}/files/song`, { headers: { range: "bytes=9000-9001" } });
			t.equal(res.status, 416);
			t.equal(res.headers.get("content-range"), "bytes */5000");
			t.match(await res.json(), { error: { code: "RANGE_NOT_SATISFIABLE", data: { size: 5000 } } });
		});

		t.test("an error before the stream starts is an ordinary JSON error", async t => {
			const res = await fetch(`${base}/files/other`);
			t.equal(res.status, 404);
			t.match(await res.json(), { error: { code: "NOT_FOUND" } });
		});

		t.test("rawBody hands the action the body's exact text", async t => {
			const text = '{ "b": 1,   "a": [2, 3] }\n';
			const res = await fetch(`${base}/hooks`, {
				method: "POST",
				headers: { "content-type": "application/json", "hook-signature": "t=1,v1=ab" },
				body: text
			});
			t.equal(res.status, 200);
			t.same(await res.json(), { sha256: createHash("sha256").update(text).digest("hex"), signature: "t=1,v1=ab" });
			const bad = await fetch(`${base}/hooks`, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
			t.equal(bad.status, 400, "it must still be JSON");
			const unsigned = await fetch(`${base}/hooks`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
			t.equal(unsigned.status, 422, "a missing header param fails validation");
			t.match(await unsigned.json(), { error: { data: { issues: [{ path: "signature" }] } } });
		});

		t.test("idempotencyKey: required refuses a request without the header and runs a keyed one once", async t => {
			const before = charges.count;
			const init = (key?: string) => ({
				method: "POST",
				headers: { "content-type": "application/json", ...(key ? { "idempotency-key": key } : {}) },
				body: JSON.stringify({ amount: 5 })
			});
			const missing = await fetch(`${base}/charges`, init());
			t.equal(missing.status, 400);
			t.match(await missing.json(), { error: { code: "BAD_REQUEST", data: { header: "Idempotency-Key" } } });
			t.equal(charges.count, before, "nothing ran");
			const key = `k-${transporter}`;
			const first = await fetch(`${base}/charges`, init(key));
			const again = await fetch(`${base}/charges`, init(key));
			t.equal(first.status, 201);
			t.same([await first.json(), await again.json()], [{ charged: 5 }, { charged: 5 }]);
			t.equal(charges.count, before + 1, "the repeat ran nothing");
		});

		t.test("httpClient: bytes for a binary action, header params as headers, the raw body as sent", async t => {
			const api = httpClient(Files, { baseUrl: base });
			const bytes = await api.download({ id: "song", range: "bytes=0-3" });
			t.ok(bytes instanceof Uint8Array);
			t.same(Buffer.from(bytes), FILE.subarray(0, 4));
			t.same(Buffer.from(await api.download({ id: "song" })), FILE);
			const text = '{"x":  1}';
			t.same(await api.hook({ payload: text, signature: "s" }), {
				sha256: createHash("sha256").update(text).digest("hex"),
				signature: "s"
			});
			const refused = await api.charge({ amount: 1 }).catch((error: unknown) => error);
			t.ok(refused instanceof HttpClientError && refused.code === "BAD_REQUEST", "without a key the gateway refuses");
			t.same(await api.charge({ amount: 2 }, { idempotencyKey: `c-${transporter}` }), { charged: 2 });
			const textOnly = httpClient(Files, {
				baseUrl: base,
				fetch: async (url, init) => {
					const res = await fetch(url, init);
					return { status: res.status, headers: res.headers, text: () => res.text() };
				}
			});
			t.match(
				await textOnly.download({ id: "song" }).catch((error: unknown) => error),
				{
					code: "CONFIG_INVALID",
					data: { setting: "fetch" }
				},
				"bytes need a fetch whose responses have arrayBuffer()"
			);
		});
	});
}

t.test("the OpenAPI document shows header params, the raw body, the bytes and the required key", async t => {
	const document = openApiDocument([Files]);
	const download = document.paths["/files/{id}"]?.get;
	t.match(download?.parameters, [
		{ name: "id", in: "path" },
		{ name: "range", in: "header", required: false }
	]);
	t.notOk(
		download?.parameters?.some(parameter => parameter.in === "query"),
		"a header param is not also a query param"
	);
	t.same(download?.responses["200"], {
		description: "The bytes.",
		content: { "audio/mpeg": { schema: { type: "string", contentMediaType: "audio/mpeg" } } }
	});
	t.match(download?.responses["206"], { content: { "audio/mpeg": {} } }, "a Range header param: 206");
	t.same(download?.responses["416"], { $ref: "#/components/responses/RangeNotSatisfiable" }, "and 416");
	t.notOk(document.paths["/charges"]?.post?.responses["416"], "no 416 without a Range header");
	const hook = document.paths["/hooks"]?.post;
	t.match(hook?.parameters, [{ name: "hook-signature", in: "header", required: true }]);
	t.notOk(hook?.requestBody?.content["application/json"]?.schema["properties"], "the raw body is any JSON");
	const charge = document.paths["/charges"]?.post;
	t.match(
		charge?.parameters?.find(parameter => parameter.name === "Idempotency-Key"),
		{ in: "header", required: true }
	);
});

t.test("bad binding options are CONTRACT_INVALID naming the field", async t => {
	const bind = (http: unknown) => () =>
		defineContract({
			name: "bad",
			version: 1,
			actions: { a: { params: z.object({ id: z.string(), body: z.string() }), returns: z.void(), http: http as "GET /a" } }
		});
	t.throws(bind({ method: "GET", path: "/a", headers: { id: "bad header" } }), {
		code: "CONTRACT_INVALID",
		data: { field: "bad.actions.a.http.headers.id" }
	});
	t.throws(
		bind({ method: "GET", path: "/a/:id", headers: { id: "X-Id" } }),
		{ code: "CONTRACT_INVALID" },
		"a path param can't be a header too"
	);
	t.throws(bind({ method: "GET", path: "/a", rawBody: "body" }), {
		code: "CONTRACT_INVALID",
		data: { field: "bad.actions.a.http.rawBody" }
	});
	t.throws(bind({ method: "POST", path: "/a", idempotencyKey: "always" }), {
		code: "CONTRACT_INVALID",
		data: { field: "bad.actions.a.http.idempotencyKey" }
	});
	t.throws(bind({ method: "POST", path: "/a", bodyParser: "raw" }), {
		code: "CONTRACT_INVALID",
		data: { field: "bad.actions.a.http.bodyParser" }
	});
});
