import { BackbeatError } from "@backbeat/sdk";
import type { Layout } from "../layouts/layout.js";
import { contractEntry, handlerStub, testStub, type MemberKind } from "../templates/member-snippets.js";
import type { Change } from "./plan.js";
import { ensureImports, insertAtMarker, keysAtMarker, MARKERS, type Marker } from "./markers.js";

const CONTRACT_LIST = {
	action: { marker: MARKERS.actions, opener: /^\s*actions:\s*\{/ },
	event: { marker: MARKERS.events, opener: /^\s*events:\s*\{/ }
} as const;
const SERVICE_LIST = {
	action: { marker: MARKERS.actions, opener: /^\s*actions:\s*\{/ },
	event: { marker: MARKERS.eventHandlers, opener: /\bon\([^,]+,\s*\{\s*$/ }
} as const;

/**
 * The edits that add an action or event to a service: the contract entry, the
 * handler stub and a test that fails until the handler is written. Each edit
 * refuses a name the list already has, which applyPlan turns into "nothing written".
 * `db` says whether the service has a database (its tests make it differently).
 */
export function memberChanges(layout: Layout, service: string, kind: MemberKind, member: string, db: boolean): Change[] {
	const files = layout.files(service);
	const refuseDuplicate = (text: string, list: { marker: Marker; opener: RegExp }, file: string) => {
		if (keysAtMarker(text, list.marker, list.opener, file).includes(member)) {
			throw new BackbeatError(
				"CONFLICT",
				`${service} already has ${kind === "action" ? "an action" : "an event"} '${member}' (${file}); nothing was written`,
				{
					data: { field: "name", file }
				}
			);
		}
	};
	const stub = testStub(kind, layout.testRunner, service, member, layout.makeService(service, { db }));
	return [
		{
			kind: "edit",
			path: files.contract,
			describe: `add ${kind} ${member}`,
			edit: text => {
				refuseDuplicate(text, CONTRACT_LIST[kind], files.contract);
				return ensureImports(insertAtMarker(text, CONTRACT_LIST[kind].marker, contractEntry(kind, member), files.contract), "zod", [
					"z"
				]);
			}
		},
		{
			kind: "edit",
			path: files.service,
			describe: `add a stub handler for ${member}`,
			edit: text => {
				refuseDuplicate(text, SERVICE_LIST[kind], files.service);
				const withImports = ensureImports(text, "@backbeat/sdk", ["BackbeatError"]);
				return insertAtMarker(withImports, SERVICE_LIST[kind].marker, handlerStub(kind, service, member), files.service);
			}
		},
		{
			kind: "edit",
			path: files.test,
			describe: `add a failing test for ${member}`,
			edit: text => ensureImports(text, "@backbeat/sdk", stub.imports) + stub.code
		}
	];
}
