import { SignJWT } from "jose";
import t, { type Test } from "tap";
import { ERROR_CODES, isErrorCode } from "../../src/errors/codes.js";
import { issueToken } from "../../src/gateway/issue-token.js";
import type { OpenApiDocument, OpenApiOperation } from "../../src/gateway/openapi.js";
import { type JsonSchema, jsonSchemaOf } from "../../src/schema/json-schema.js";
import { ShopContract, startShop, TEST_JWT_SECRET } from "../support/gateway-fixture.js";
import { badQueryTexts, validSample, wrongTypedValues } from "../support/schema-samples.js";

// Walks every operation of the live document and sends it bad input: each
// must be refused with a 4xx in the one error shape, never a 5xx, and change nothing.

const shop = await startShop(t);
const document = (await (await fetch(`${shop.base}/openapi.json`)).json()) as OpenApiDocument;
const createdBefore = shop.created();
const admin = await issueToken({ id: "fuzzer", roles: ["admin"] }, { secret: TEST_JWT_SECRET });
const OTHER_SECRET = "another-secret-of-at-least-32-characters";
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const TEN_MB = "x".repeat(10 * 1024 * 1024);

const BAD_AUTHORIZATIONS: Readonly<Record<string, string>> = {
	"a token signed with another secret": `Bearer ${await issueToken({ id: "fuzzer", roles: ["admin"] }, { secret: OTHER_SECRET })}`,
	"an expired token": `Bearer ${await new SignJWT({ roles: ["admin"] })
		.setProtectedHeader({ alg: "HS256" })
		.setSubject("fuzzer")
		.setIssuer("backbeat")
		.setAudience("backbeat")
		.setIssuedAt(1_600_000_000)
		.setExpirationTime(1_600_000_900)
		.sign(new TextEncoder().encode(TEST_JWT_SECRET))}`,
	"an unsigned (alg none) token": `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: "fuzzer", roles: ["admin"], iss: "backbeat", aud: "backbeat" })}.`,
	"a token for another audience": `Bearer ${await issueToken({ id: "fuzzer", roles: ["admin"] }, { secret: TEST_JWT_SECRET, audience: "elsewhere" })}`,
	garbage: "Bearer abc.def.ghi",
	"an empty bearer": "Bearer ",
	"another scheme": "Basic ZnV6emVyOnB3"
};

interface Case {
	readonly name: string;
	readonly query?: Readonly<Record<string, string>>;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: string;
	/** The status the gateway must answer. */
	readonly status: number;
}

/** Whether the action's params refuse unknown fields: query parameters don't carry `additionalProperties`, the contract does. */
function strictParams(operationId: string): boolean {
	const member = operationId.slice(operationId.lastIndexOf(".") + 1) as keyof typeof ShopContract.actions;
	return jsonSchemaOf(ShopContract.actions[member].params, "input")?.["additionalProperties"] === false;
}

function bodySchema(operation: OpenApiOperation): JsonSchema | undefined {
	return operation.requestBody?.content["application/json"]?.schema;
}

function fields(schema: JsonSchema | undefined): { properties: Record<string, JsonSchema>; required: string[] } {
	return { properties: (schema?.["properties"] ?? {}) as Record<string, JsonSchema>, required: (schema?.["required"] ?? []) as string[] };
}

/** Every bad request for one operation, all sent with a valid admin token unless the case is about the token. */
function casesOf(operation: OpenApiOperation): Case[] {
	const cases: Case[] = [];
	const schema = bodySchema(operation);
	const valid = schema ? JSON.stringify(validSample(schema)) : undefined;
	for (const [name, authorization] of Object.entries(BAD_AUTHORIZATIONS)) {
		cases.push({ name: `auth: ${name}`, headers: { authorization }, ...(valid ? { body: valid } : {}), status: 401 });
	}
	const query = (operation.parameters ?? []).filter(parameter => parameter.in === "query");
	for (const parameter of query) {
		for (const text of badQueryTexts(parameter.schema))
			cases.push({ name: `query ${parameter.name}=${text}`, query: { [parameter.name]: text }, status: 422 });
	}
	if (query.length > 0 && strictParams(operation.operationId)) {
		cases.push({ name: "an unknown query field", query: { __unknown: "1" }, status: 422 });
	}
	if (!schema) return cases;
	const sample = validSample(schema) as Record<string, unknown>;
	const { properties, required } = fields(schema);
	cases.push(
		{ name: "malformed JSON", body: '{"name": "Chair", ', status: 400 },
		{ name: "a JSON array body", body: "[1, 2]", status: 400 },
		{ name: "a JSON string body", body: '"text"', status: 400 },
		{ name: "a text/plain body", body: valid ?? "{}", headers: { "content-type": "text/plain" }, status: 415 },
		{ name: "a 10 MB string field", body: JSON.stringify({ ...sample, blob: TEN_MB }), status: 413 }
	);
	for (const [field, property] of Object.entries(properties)) {
		for (const wrong of wrongTypedValues(property)) {
			cases.push({ name: `${field} = ${JSON.stringify(wrong)}`, body: JSON.stringify({ ...sample, [field]: wrong }), status: 422 });
		}
	}
	for (const field of required) {
		const { [field]: _dropped, ...rest } = sample;
		cases.push({ name: `without ${field}`, body: JSON.stringify(rest), status: 422 });
	}
	if (schema["additionalProperties"] === false) {
		cases.push({ name: "an unknown field", body: JSON.stringify({ ...sample, __unknown: 1 }), status: 422 });
	}
	return cases;
}

function urlOf(path: string, query: Readonly<Record<string, string>> | undefined): string {
	// Path params name the one seeded item: a 404 would hide whether validation ran.
	const url = new URL(`${shop.base}${path.replace(/\{[^}]+\}/g, "i-1")}`);
	for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
	return url.toString();
}

/** The one error shape, with fields that agree with the code table. */
function checkErrorShape(t: Test, status: number, contentType: string | null, text: string, label: string): void {
	t.match(contentType, /^application\/json/, `${label}: JSON`);
	const body = JSON.parse(text) as { error?: Record<string, unknown> };
	const error = body.error ?? {};
	t.same(Object.keys(body), ["error"], `${label}: only { error }`);
	t.same(
		Object.keys(error).filter(key => !["name", "code", "message", "httpStatus", "retryable", "data"].includes(key)),
		[],
		`${label}: no other fields`
	);
	const code = error["code"];
	t.ok(isErrorCode(code), `${label}: a known code (${String(code)})`);
	if (!isErrorCode(code)) return;
	t.equal(error["httpStatus"], status, `${label}: httpStatus is the answer's status`);
	t.equal(ERROR_CODES[code].httpStatus, status, `${label}: ${code} is a ${status}`);
	t.equal(error["retryable"], ERROR_CODES[code].retryable, `${label}: retryable as in the code table`);
	t.type(error["message"], "string");
}

const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
	Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as OpenApiOperation }))
);
t.ok(operations.length >= 7, "the live document lists the shop's operations");

for (const { path, method, operation } of operations) {
	t.test(`${method} ${path} (${operation.operationId})`, async t => {
		for (const bad of casesOf(operation)) {
			const headers: Record<string, string> = { authorization: `Bearer ${admin}`, ...bad.headers };
			if (bad.body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
			const res = await fetch(urlOf(path, bad.query), { method, headers, ...(bad.body === undefined ? {} : { body: bad.body }) });
			const text = await res.text();
			t.ok(res.status >= 400 && res.status < 500, `${bad.name}: a 4xx, not ${res.status}`);
			t.equal(res.status, bad.status, `${bad.name}: ${bad.status}`);
			checkErrorShape(t, res.status, res.headers.get("content-type"), text, bad.name);
		}
	});
}

t.test("a 10 MB URL (Node refuses it before any route) answers 431 in the one shape", async t => {
	const operation = operations.find(({ operation }) => operation.parameters?.some(parameter => parameter.in === "query"));
	t.ok(operation, "an operation with query params");
	const res = await fetch(`${shop.base}${operation?.path}?${operation?.operation.parameters?.[0]?.name}=${TEN_MB}`);
	t.equal(res.status, 431);
	checkErrorShape(t, res.status, res.headers.get("content-type"), await res.text(), "10 MB URL");
});

t.test("no bad request changed any state", async t => {
	t.equal(shop.created(), createdBefore, "nothing was created");
	const item = await (await fetch(`${shop.base}/items/i-1`)).json();
	t.match(item, { id: "i-1", name: "Lamp" }, "the seeded item is neither renamed nor deleted");
});
