import { SignJWT } from "jose";
import type { AuthUser } from "../context/auth-user.js";
import type { Contract } from "../contract/define-contract.js";
import { ERROR_CODES, isErrorCode } from "../errors/codes.js";
import { issueToken } from "../gateway/issue-token.js";
import type { OpenApiDocument, OpenApiOperation } from "../gateway/openapi.js";
import { type JsonSchema, jsonSchemaOf } from "../schema/json-schema.js";
import { badQueryTexts, validSample, wrongTypedValues } from "./schema-samples.js";

/** The assertions the walk makes, each message naming the route and the case: a tap `Test` has them. */
export interface FuzzHost {
	ok(value: unknown, message: string): unknown;
	equal(found: unknown, wanted: unknown, message: string): unknown;
	same(found: unknown, wanted: unknown, message: string): unknown;
	match(found: unknown, pattern: unknown, message: string): unknown;
}

export interface OpenApiFuzzOptions {
	/** The gateway's API base, e.g. `http://127.0.0.1:3000/api`; its `/openapi.json` is walked. */
	readonly baseUrl: string;
	/** The gateway's HS256 secret: the valid token is signed with it, the bad ones are made from it. */
	readonly secret: string;
	/** Whom the valid token names. Default `{ id: "fuzzer", roles: [] }`. */
	readonly user?: AuthUser;
	/** The contracts behind the routes, to know which params refuse unknown fields. */
	readonly contracts: readonly Contract[];
	/** The value of every path param. Default `"fuzz"`. */
	readonly pathValue?: string;
}

interface Case {
	readonly name: string;
	readonly query?: Readonly<Record<string, string>>;
	readonly headers?: Readonly<Record<string, string>>;
	readonly body?: string;
	/** The status the gateway must answer. */
	readonly status: number;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const TEN_MB = "x".repeat(10 * 1024 * 1024);

async function badAuthorizations(secret: string, user: AuthUser): Promise<Record<string, string>> {
	const roles = [...user.roles];
	return {
		"a token signed with another secret": `Bearer ${await issueToken(user, { secret: `${secret}-but-another-one` })}`,
		"an expired token": `Bearer ${await new SignJWT({ roles })
			.setProtectedHeader({ alg: "HS256" })
			.setSubject(user.id)
			.setIssuer("backbeat")
			.setAudience("backbeat")
			.setIssuedAt(1_600_000_000)
			.setExpirationTime(1_600_000_900)
			.sign(new TextEncoder().encode(secret))}`,
		"an unsigned (alg none) token": `Bearer ${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: user.id, roles, iss: "backbeat", aud: "backbeat" })}.`,
		"a token for another audience": `Bearer ${await issueToken(user, { secret, audience: "elsewhere" })}`,
		garbage: "Bearer abc.def.ghi",
		"an empty bearer": "Bearer ",
		"another scheme": "Basic ZnV6emVyOnB3"
	};
}

function bodySchema(operation: OpenApiOperation): JsonSchema | undefined {
	return operation.requestBody?.content["application/json"]?.schema;
}

/** The one error shape, with fields that agree with the code table. */
function checkErrorShape(t: FuzzHost, status: number, contentType: string | null, text: string, label: string): void {
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
	t.equal(typeof error["message"], "string", `${label}: a message`);
}

/**
 * Walks every operation of a live gateway's OpenAPI document and sends it bad
 * input: bad tokens, query values that spell no valid value, malformed,
 * mistyped, oversized and incomplete bodies, unknown fields. Each must be
 * refused with the expected 4xx in the one error shape, never a 5xx. Valid
 * requests are never sent, so nothing may change: check your state after it.
 * Answers how many operations it walked.
 */
export async function fuzzOpenApi(t: FuzzHost, options: OpenApiFuzzOptions): Promise<number> {
	const { baseUrl, secret, contracts } = options;
	const user = options.user ?? { id: "fuzzer", roles: [] };
	const pathValue = options.pathValue ?? "fuzz";
	const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
	const token = await issueToken(user, { secret });
	const authorizations = await badAuthorizations(secret, user);

	/** Whether the action's params refuse unknown fields: query parameters don't carry `additionalProperties`, the contract does. */
	const strictParams = (operationId: string) => {
		const contract = contracts.find(candidate => operationId.startsWith(`${candidate.fullName}.`));
		const definition = contract?.actions[operationId.slice((contract?.fullName.length ?? 0) + 1)];
		return definition !== undefined && jsonSchemaOf(definition.params, "input")?.["additionalProperties"] === false;
	};

	const casesOf = (operation: OpenApiOperation): Case[] => {
		const cases: Case[] = [];
		const schema = bodySchema(operation);
		const valid = schema ? JSON.stringify(validSample(schema)) : undefined;
		for (const [name, authorization] of Object.entries(authorizations))
			cases.push({ name: `auth: ${name}`, headers: { authorization }, ...(valid ? { body: valid } : {}), status: 401 });
		const query = (operation.parameters ?? []).filter(parameter => parameter.in === "query");
		for (const parameter of query) {
			for (const text of badQueryTexts(parameter.schema))
				cases.push({ name: `query ${parameter.name}=${text}`, query: { [parameter.name]: text }, status: 422 });
		}
		if (query.length > 0 && strictParams(operation.operationId))
			cases.push({ name: "an unknown query field", query: { __unknown: "1" }, status: 422 });
		if (!schema) return cases;
		const sample = validSample(schema) as Record<string, unknown>;
		const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
		const required = (schema["required"] ?? []) as string[];
		// A raw-body operation (schema without type, fields or ref) takes any JSON: arrays and strings are not wrong there.
		const anyJson = schema["type"] === undefined && schema["properties"] === undefined && schema["$ref"] === undefined;
		if (!anyJson)
			cases.push(
				{ name: "a JSON array body", body: "[1, 2]", status: 400 },
				{ name: "a JSON string body", body: '"text"', status: 400 }
			);
		cases.push(
			{ name: "malformed JSON", body: '{"name": "Chair", ', status: 400 },
			{ name: "a text/plain body", body: valid ?? "{}", headers: { "content-type": "text/plain" }, status: 415 },
			{ name: "a 10 MB string field", body: JSON.stringify({ ...sample, blob: TEN_MB }), status: 413 }
		);
		for (const [field, property] of Object.entries(properties)) {
			for (const wrong of wrongTypedValues(property))
				cases.push({
					name: `${field} = ${JSON.stringify(wrong)}`,
					body: JSON.stringify({ ...sample, [field]: wrong }),
					status: 422
				});
		}
		for (const field of required) {
			const { [field]: _dropped, ...rest } = sample;
			cases.push({ name: `without ${field}`, body: JSON.stringify(rest), status: 422 });
		}
		if (schema["additionalProperties"] === false)
			cases.push({ name: "an unknown field", body: JSON.stringify({ ...sample, __unknown: 1 }), status: 422 });
		return cases;
	};

	// A route that requires an Idempotency-Key gets a fresh one, so the bad input itself is what gets refused.
	let keys = 0;
	const keyHeader = (operation: OpenApiOperation): Record<string, string> =>
		operation.parameters?.some(parameter => parameter.in === "header" && parameter.name === "Idempotency-Key" && parameter.required)
			? { "idempotency-key": `fuzz-${process.pid}-${++keys}` }
			: {};

	const urlOf = (path: string, query: Readonly<Record<string, string>> | undefined) => {
		const url = new URL(`${baseUrl}${path.replace(/\{[^}]+\}/g, encodeURIComponent(pathValue))}`);
		for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
		return url.toString();
	};

	const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
		Object.entries(methods).map(([method, operation]) => ({
			path,
			method: method.toUpperCase(),
			operation: operation as OpenApiOperation
		}))
	);
	for (const { path, method, operation } of operations) {
		for (const bad of casesOf(operation)) {
			const label = `${method} ${path}: ${bad.name}`;
			const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...keyHeader(operation), ...bad.headers };
			if (bad.body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
			const res = await fetch(urlOf(path, bad.query), { method, headers, ...(bad.body === undefined ? {} : { body: bad.body }) });
			const text = await res.text();
			t.ok(res.status >= 400 && res.status < 500, `${label}: a 4xx, not ${res.status}`);
			t.equal(res.status, bad.status, `${label}: ${bad.status}`);
			checkErrorShape(t, res.status, res.headers.get("content-type"), text, label);
		}
	}
	const withQuery = operations.find(({ operation }) => operation.parameters?.some(parameter => parameter.in === "query"));
	if (withQuery) {
		// Node refuses it before any route.
		const res = await fetch(
			`${baseUrl}${withQuery.path.replace(/\{[^}]+\}/g, pathValue)}?${withQuery.operation.parameters?.[0]?.name}=${TEN_MB}`
		);
		t.equal(res.status, 431, "a 10 MB URL: 431");
		checkErrorShape(t, res.status, res.headers.get("content-type"), await res.text(), "a 10 MB URL");
	}
	return operations.length;
}
