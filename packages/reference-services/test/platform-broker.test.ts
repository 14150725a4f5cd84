// The platform's broker defaults: with a Redis idempotency store shared by
// its processes, the params fingerprints are HMACs under a key every process
// derives from the JWT secret (checkout params hold card numbers).
import { createHmac } from "node:crypto";
import { client, defineContract, defineService } from "@backbeat/sdk";
import { serverUrl, skipUnlessServer, uniqueNamespace } from "@backbeat/sdk/testing";
import { Redis } from "ioredis";
import t from "tap";
import { z } from "zod";
import { platformIdempotencySecret } from "../src/config/derived-secrets.js";
import { createPlatformBroker } from "../src/platform-broker.js";

const Charges = defineContract({
	name: "charges-double",
	version: 1,
	actions: { charge: { params: z.object({ card: z.string() }), returns: z.object({ ok: z.boolean() }) } }
});

t.test(
	"a shared idempotency store gets fingerprints keyed with platformIdempotencySecret()",
	{ skip: await skipUnlessServer("redis") },
	async t => {
		const env = { BACKBEAT_JWT_SECRET: "platform-broker-test-secret-0123456789-abcdef", OTEL_SDK_DISABLED: "true" };
		const namespace = uniqueNamespace("platform-broker");
		const redisUrl = serverUrl("redis");
		const broker = createPlatformBroker(
			{
				namespace,
				idempotencyStore: redisUrl,
				logLevel: "warn",
				services: [defineService(Charges, { actions: { charge: () => ({ ok: true }) } })]
			},
			env
		);
		await broker.start();
		t.teardown(() => broker.stop());
		const redis = new Redis(redisUrl);
		t.teardown(() => redis.quit());
		const params = { card: "4242424242424242" };
		await client(broker, Charges).charge(params, { idempotencyKey: "k" });
		const stored = JSON.parse((await redis.get(`${namespace}:backbeat:idempotency:v1.charges-double.charge:k`)) ?? "{}") as {
			fingerprint?: string;
		};
		t.equal(
			stored.fingerprint,
			createHmac("sha256", platformIdempotencySecret(env)).update(JSON.stringify(params)).digest("base64url")
		);
		t.notMatch(JSON.stringify(stored), /4242424242424242/, "the card number is not in the store");
	}
);
