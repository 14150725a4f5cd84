import { compileErrors, validate } from "@readme/openapi-parser";
import t, { type Test } from "tap";
import { z } from "zod";
import { defineContract } from "../../src/contract/define-contract.js";
import { type OpenApiDocument, type OpenApiOperation, openApiDocument } from "../../src/gateway/openapi.js";
import type { Schema } from "../../src/schema/standard-schema.js";
import { ShopContract } from "../support/gateway-fixture.js";

/** The parser dereferences in place: validate a copy so the document under test stays as built. */
async function assertValid(t: Test, document: OpenApiDocument): Promise<void> {
	const result = await validate(structuredClone(document) as never);
	t.ok(result.valid, result.valid ? "the document is valid OpenAPI 3.1" : compileErrors(result));
}

function operations(document: OpenApiDocument): Map<string, { method: string; path: string; operation: OpenApiOperation }> {
	const found = new Map<string, { method: string; path: string; operation: OpenApiOperation }>();
	for (const [path, methods] of Object.entries(document.paths)) {
		for (const [method, operation] of Object.entries(methods)) {
			if (operation) found.set(operation.operationId, { method: method.toUpperCase(), path, operation });
		}
	}
	return found;
}

const BEARER = [{ bearerAuth: [] }];

t.test("the shop's document is valid OpenAPI 3.1 and lists every bound action once, and nothing else", async t => {
	const document = openApiDocument([ShopContract], { basePath: "/api", info: { title: "Shop", version: "2.1.0" } });
	await assertValid(t, document);
	t.equal(document.openapi, "3.1.0");
	t.same(document.info, { title: "Shop", version: "2.1.0" });
	t.same(document.servers, [{ url: "/api" }]);
	t.same(document.components.securitySchemes, { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } });
	const expected = {
		"shop.getItem": ["GET", "/items/{id}", "200", []],
		"shop.listItems": ["GET", "/items", "200", []],
		"shop.createItem": ["POST", "/items", "201", BEARER],
		"shop.renameItem": ["PUT", "/items/{id}", "200", BEARER],
		"shop.deleteItem": ["DELETE", "/items/{id}", "204", BEARER],
		"shop.whoAmI": ["GET", "/me", "200", BEARER],
		"shop.fail": ["POST", "/fail", "200", []]
	} as const;
	const found = operations(document);
	t.same([...found.keys()].sort(), Object.keys(expected).sort(), "one operation per bound action; internalOnly is absent");
	for (const [id, [method, path, status, security]] of Object.entries(expected)) {
		const entry = found.get(id);
		t.equal(entry?.method, method, `${id} method`);
		t.equal(entry?.path, path, `${id} path`);
		t.same(entry?.operation.security, security, `${id} security`);
		const successes = Object.keys(entry?.operation.responses ?? {}).filter(code => code.startsWith("2"));
		t.same(successes, [status], `${id} answers ${status}`);
		t.same(entry?.operation.tags, ["shop"]);
	}
	t.notMatch(JSON.stringify(document), /internalOnly|secret/, "the unbound action leaks nowhere");
	t.same(found.get("shop.deleteItem")?.operation.responses["204"], { description: "Done; no content." }, "204 has no content");
});

t.test("params become path params, typed query params (GET) or a JSON body without the path params (POST/PUT)", async t => {
	const found = operations(openApiDocument([ShopContract]));
	t.same(found.get("shop.getItem")?.operation.parameters, [
		{ name: "id", in: "path", required: true, schema: { type: "string", minLength: 1 } }
	]);
	const list = found.get("shop.listItems")?.operation;
	t.same(
		list?.parameters?.map(p => [p.name, p.in, p.required, p.schema["type"]]),
		[
			["limit", "query", false, "integer"],
			["minPrice", "query", false, "number"],
			["inStock", "query", false, "boolean"],
			["tags", "query", false, "array"],
			["ids", "query", false, "array"]
		],
		"a field with a default is not required of the caller"
	);
	t.equal(list?.requestBody, undefined);
	const rename = found.get("shop.renameItem")?.operation;
	t.same(rename?.requestBody, {
		required: true,
		content: {
			"application/json": { schema: { type: "object", properties: { name: { type: "string", minLength: 1 } }, required: ["name"] } }
		}
	});
	t.same(
		rename?.parameters?.map(p => `${p.in} ${p.name}`),
		["path id", "header Idempotency-Key"]
	);
	const create = found.get("shop.createItem")?.operation;
	t.match(create?.requestBody, {
		required: true,
		content: { "application/json": { schema: { additionalProperties: false, required: ["name", "price"] } } }
	});
	const fail = found.get("shop.fail")?.operation;
	t.equal(fail?.requestBody?.required, false, "an empty params object makes the body optional");
});

t.test("errors reference one Error schema, listed where they can happen", async t => {
	const document = openApiDocument([ShopContract]);
	const found = operations(document);
	const codes = (id: string) => Object.keys(found.get(id)?.operation.responses ?? {}).filter(code => !code.startsWith("2"));
	t.same(codes("shop.listItems"), ["400", "401", "422", "429", "431", "5XX", "default"]);
	t.same(codes("shop.getItem"), ["400", "401", "404", "422", "429", "431", "5XX", "default"]);
	t.same(codes("shop.createItem"), ["400", "401", "413", "415", "422", "429", "431", "5XX", "default"]);
	t.same(codes("shop.renameItem"), ["400", "401", "403", "404", "413", "415", "422", "429", "431", "5XX", "default"]);
	t.match(document.components.schemas["Error"], {
		type: "object",
		required: ["error"],
		properties: { error: { required: ["code", "message", "httpStatus", "retryable"] } }
	});
	for (const response of Object.values(document.components.responses)) {
		t.match(response, { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
	}
});

t.test("a description becomes the summary; roles are described", async t => {
	const Notes = defineContract({
		name: "notes",
		version: 1,
		actions: {
			read: {
				description: "Read one note",
				params: z.object({ id: z.string() }),
				returns: z.object({ text: z.string() }),
				http: "GET /notes/:id",
				auth: { roles: ["reader", "admin"] }
			}
		}
	});
	const operation = operations(openApiDocument([Notes])).get("notes.read")?.operation;
	t.equal(operation?.summary, "Read one note");
	t.match(operation?.description, /reader, admin/);
	t.ok(operation?.responses["403"], "a role-guarded operation may answer 403");
});

t.test("a schema that gives no JSON Schema becomes {} and a warning naming it", async t => {
	const opaque: Schema = { "~standard": { version: 1, vendor: "hand-made", validate: value => ({ value }) } };
	const Opaque = defineContract({
		name: "opaque",
		version: 1,
		actions: { put: { params: opaque, returns: opaque, http: "POST /opaque", auth: "public" } }
	});
	const warnings: string[] = [];
	const document = openApiDocument([Opaque], { onWarning: message => warnings.push(message) });
	await assertValid(t, document);
	const operation = operations(document).get("opaque.put")?.operation;
	t.same(operation?.requestBody?.content["application/json"]?.schema, {});
	t.match(operation?.responses, { "200": { content: { "application/json": { schema: {} } } }, "204": {} }, "it may return nothing too");
	t.same(
		JSON.stringify(operation?.responses["200"]),
		JSON.stringify({ description: "Success.", content: { "application/json": { schema: {} } } })
	);
	t.equal(warnings.length, 2);
	t.match(warnings[0], /^opaque\.put params: .*\{\}/);
	t.match(warnings[1], /^opaque\.put returns: /);
	t.doesNotThrow(() => openApiDocument([Opaque]), "without onWarning the warning is dropped");
});

t.test("$defs (recursive and registered schemas) move to components, shared when equal, renamed when not", async t => {
	type Folder = { name: string; children: Folder[] };
	const Folder: z.ZodType<Folder> = z.lazy(() => z.object({ name: z.string(), children: z.array(Folder) }));
	const Owner = z.object({ id: z.string() }).meta({ id: "Owner" });
	const OtherOwner = z.object({ id: z.number() }).meta({ id: "Owner" });
	const Tree = defineContract({
		name: "tree",
		version: 1,
		actions: {
			root: { params: z.object({}), returns: z.object({ root: Folder, owner: Owner }), http: "GET /root", auth: "public" },
			owner: { params: z.object({}), returns: z.object({ owner: Owner }), http: "GET /owner", auth: "public" },
			other: { params: z.object({}), returns: z.object({ owner: OtherOwner }), http: "GET /other", auth: "public" }
		}
	});
	const document = openApiDocument([Tree]);
	await assertValid(t, document);
	const text = JSON.stringify(document);
	t.notMatch(text, /\$defs|"\$schema"/, "no JSON Schema document leftovers");
	const names = Object.keys(document.components.schemas).sort();
	t.ok(names.includes("Owner"), "a registered id keeps its name");
	t.ok(
		names.some(name => name.startsWith("tree.other") && name.endsWith("Owner")),
		`a different schema with the same id is renamed (${names.join(", ")})`
	);
	t.equal(names.filter(name => name === "Owner").length, 1);
	for (const ref of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
		t.ok(document.components.schemas[ref[1] ?? ""], `${ref[1]} resolves`);
	}
});

t.test("two versions of a contract get distinct operation ids", async t => {
	const v1 = defineContract({
		name: "pets",
		version: 1,
		actions: { list: { params: z.object({}), returns: z.object({}), http: "GET /v1/pets", auth: "public" } }
	});
	const v2 = defineContract({
		name: "pets",
		version: 2,
		actions: { list: { params: z.object({}), returns: z.object({}), http: "GET /v2/pets", auth: "public" } }
	});
	const document = openApiDocument([v1, v2], { basePath: "" });
	await assertValid(t, document);
	t.same([...operations(document).keys()].sort(), ["v1.pets.list", "v2.pets.list"]);
	t.same(document.servers, [{ url: "/" }], "an empty base path is the root");
});
