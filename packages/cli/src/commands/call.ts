import { resolve } from "node:path";
import { BackbeatError, client, createBroker, emitter, isValidationFailed, toBackbeatError, validateOrThrow, type Contract, type Schema } from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";
import { findMember, loadContracts } from "../project/load-contracts.js";

const OPTIONS = { booleans: [] as string[], values: ["dir", "transporter", "namespace", "timeout"] };

function help(verb: "call" | "emit"): string {
	const what = verb === "call" ? "<service.action>" : "<service.event>";
	return `Usage: backbeat ${verb} ${what} [json] [--transporter URL] [--namespace NS] [--dir project] [--timeout ms]

${verb === "call" ? "Calls an action and prints its result as JSON." : "Emits an event (Moleculer delivery: to the subscribers online now)."}
The ${verb === "call" ? "params are" : "payload is"} checked against the project's built contract before anything is sent.
  json           ${verb === "call" ? "params" : "payload"} as JSON (default {})
  --transporter  the cluster's transporter (default: BACKBEAT_TRANSPORTER)
  --namespace    the cluster's namespace (default: BACKBEAT_NAMESPACE, else none)
  --dir          the project whose dist/src/services/*/contract.js hold the contracts (default: .)
  --timeout      ms to wait for the service to appear and answer (default 10000)
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
		throw usage(`the ${verb === "call" ? "params" : "payload"} are not valid JSON: ${err instanceof Error ? err.message : String(err)}`, "json");
	}
	const timeout = flags["timeout"] === undefined ? 10_000 : Number(flags["timeout"]);
	if (!Number.isInteger(timeout) || timeout < 1) throw usage(`--timeout must be a positive integer of ms, got '${String(flags["timeout"])}'`, "timeout");

	const contracts = await loadContracts(resolve(typeof flags["dir"] === "string" ? flags["dir"] : "."));
	const { contract, member } = findMember(contracts, target, verb === "call" ? "actions" : "events");
	const definition = verb === "call" ? contract.actions[member]!.params : contract.events[member]!.payload;
	const value = await checked(definition, input, `${contract.fullName}.${member}`, verb === "call" ? "params" : "payload");

	const transporter = typeof flags["transporter"] === "string" ? flags["transporter"] : process.env["BACKBEAT_TRANSPORTER"];
	if (!transporter) throw usage("no transporter: pass --transporter nats://… or set BACKBEAT_TRANSPORTER (an in-process broker has nobody to talk to)", "transporter");
	const namespace = typeof flags["namespace"] === "string" ? flags["namespace"] : process.env["BACKBEAT_NAMESPACE"];
	const broker = createBroker({ transporter, logLevel: "error", nodeID: `backbeat-cli-${process.pid}`, connectTimeout: timeout, ...(namespace ? { namespace } : {}) });
	await broker.start();
	try {
		if (verb === "call") {
			await broker.waitForServices([contract.fullName], timeout);
			const result = await (client(broker, contract as Contract) as Record<string, (p: unknown, o: { timeout: number }) => Promise<unknown>>)[member]!(value, { timeout });
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
	} finally {
		await broker.stop();
	}
}

export const callCommand: Command = { name: "call", summary: "call an action of a running cluster: call <service.action> [json]", run: (args, io) => run("call", args, io) };
export const emitCommand: Command = { name: "emit", summary: "emit an event to a running cluster: emit <service.event> [json]", run: (args, io) => run("emit", args, io) };
