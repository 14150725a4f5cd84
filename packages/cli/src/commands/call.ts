import { resolve } from "node:path";
import {
	BackbeatError,
	client,
	emitter,
	isValidationFailed,
	toBackbeatError,
	validateOrThrow,
	type Contract,
	type Schema
} from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import { CLUSTER_HELP, CLUSTER_OPTIONS, clusterSettings, withCluster } from "../cluster/connect.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { findMember, loadContracts } from "../project/load-contracts.js";

const OPTIONS = { booleans: [] as string[], values: ["dir", ...CLUSTER_OPTIONS] };

function help(verb: "call" | "emit"): string {
	const what = verb === "call" ? "<service.action>" : "<service.event>";
	return `Usage: backbeat ${verb} ${what} [json] [--transporter URL] [--namespace NS] [--dir project] [--timeout ms]

${verb === "call" ? "Calls an action and prints its result as JSON." : "Emits an event (Moleculer delivery: to the subscribers online now)."}
The ${verb === "call" ? "params are" : "payload is"} checked against the project's built contract before anything is sent.
  json           ${verb === "call" ? "params" : "payload"} as JSON (default {})
  --dir          the project whose dist/src/services/*/contract.js hold the contracts (default: .)
${CLUSTER_HELP}
`;
}

/** The SDK's own validation, with a message that says nothing left this process. */
async function checked(schema: Schema, value: unknown, target: string, part: "params" | "payload"): Promise<unknown> {
	try {
		return await validateOrThrow(schema, value, target, part);
	} catch (err) {
		if (!isValidationFailed(err)) throw err;
		const summary = err.data.issues.map(issue => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
		throw new BackbeatError("VALIDATION_FAILED", `invalid input for ${target}, nothing was sent: ${summary}`, { data: err.data });
	}
}

async function run(verb: "call" | "emit", args: readonly string[], io: Io): Promise<number> {
	if (args.includes("--help") || args.includes("-h")) {
		io.out(help(verb));
		return EXIT.ok;
	}
	const { positionals, flags } = parseArgs(args, OPTIONS);
	const [target, json = "{}", ...extra] = positionals;
	if (target === undefined) throw usage(help(verb).split("\n")[0]!, "target");
	if (extra.length) throw usage(`unexpected argument '${extra[0]}'`);
	let input: unknown;
	try {
		input = JSON.parse(json);
	} catch (err) {
		throw usage(
			`the ${verb === "call" ? "params" : "payload"} are not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
			"json"
		);
	}
	const contracts = await loadContracts(resolve(typeof flags["dir"] === "string" ? flags["dir"] : "."));
	const { contract, member } = findMember(contracts, target, verb === "call" ? "actions" : "events");
	const definition = verb === "call" ? contract.actions[member]!.params : contract.events[member]!.payload;
	const value = await checked(definition, input, `${contract.fullName}.${member}`, verb === "call" ? "params" : "payload");

	const settings = clusterSettings(flags);
	const { timeout } = settings;
	return withCluster(settings, async broker => {
		try {
			if (verb === "call") {
				await broker.waitForServices([contract.fullName], timeout);
				const result = await (
					client(broker, contract as Contract) as Record<string, (p: unknown, o: { timeout: number }) => Promise<unknown>>
				)[member]!(value, { timeout });
				io.out(`${JSON.stringify(result, null, 2)}\n`);
			} else {
				await (emitter(broker, contract as Contract) as Record<string, (p: unknown) => Promise<void>>)[member]!(value);
				io.out(`emitted ${contract.fullName}.${member}\n`);
			}
			return EXIT.ok;
		} catch (err) {
			const error = toBackbeatError(err);
			io.err(`${JSON.stringify({ code: error.code, message: error.message, data: error.data }, null, 2)}\n`);
			return EXIT.failed;
		}
	});
}

export const callCommand: Command = {
	name: "call",
	summary: "call an action of a running cluster: call <service.action> [json]",
	run: (args, io) => run("call", args, io)
};
export const emitCommand: Command = {
	name: "emit",
	summary: "emit an event to a running cluster: emit <service.event> [json]",
	run: (args, io) => run("emit", args, io)
};
