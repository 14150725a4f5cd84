import {
	BackbeatError,
	DEAD_LETTER_ACTIONS,
	type BackbeatBroker,
	type DeadLetter,
	type DeadLetterListParams,
	type DeadLetterReplayParams,
	type ReplayResult
} from "@backbeat/sdk";
import { parseArgs, usage } from "../args/parse-args.js";
import { CLUSTER_HELP, CLUSTER_OPTIONS, clusterSettings, withCluster } from "../cluster/connect.js";
import { findLetterServices, type LetterService } from "../cluster/letter-services.js";
import type { Command, Io } from "../commands.js";
import { EXIT } from "../commands.js";

const HELP = `Usage:
  backbeat dead-letters list [--service s] [--group g] [--limit n] [--transporter URL] [--namespace NS] [--timeout ms]
  backbeat dead-letters replay (--id <eventId> | --all) [--service s] [--group g] [--transporter URL] [--namespace NS] [--timeout ms]

Dead letters are events a durable consumer gave up on (after its maxAttempts),
kept with their last error in the consumer's database. Every service with
consumers answers <service>.$deadLetters.list and .replay; these commands find
those services in the running cluster.

list    prints the letters as a JSON array, oldest first: service, group, eventId,
        type, key, envelope (with the payload), error, attempts, firstFailedAt,
        lastFailedAt
replay  handles the chosen letters again with the consumers' current handlers
        (on whichever node of the service answers: deploy the fix first) and
        prints {"replayed", "failed", "services": [...]}; a handled letter is
        removed, one that fails again stays with its new error (exit 1)

  --service      only this service, by name or full name (orders, v1.orders)
                 (default: every service with consumers)
  --group        only this consumer group (default: every group)
  --limit        list at most this many letters (default 100, at most 10000)
  --id           replay the letter of this event id
  --all          replay every letter (of --service and --group, when given)
${CLUSTER_HELP}
`;

const OPTIONS = { booleans: ["all"], values: ["service", "group", "limit", "id", ...CLUSTER_OPTIONS] };

type Flags = Readonly<Record<string, string | true>>;

function text(flags: Flags, name: string): string | undefined {
	const value = flags[name];
	if (value === "") throw usage(`--${name} needs a value`, name);
	return typeof value === "string" ? value : undefined;
}

function limitOf(flags: Flags): number {
	const given = text(flags, "limit");
	const limit = given === undefined ? 100 : Number(given);
	if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
		throw usage(`--limit must be an integer from 1 to 10000, got '${given}'`, "limit");
	return limit;
}

async function list(
	broker: BackbeatBroker,
	services: readonly LetterService[],
	group: string | undefined,
	limit: number,
	timeout: number
): Promise<string> {
	const params: DeadLetterListParams = { limit, ...(group === undefined ? {} : { group }) };
	const lists = await Promise.all(
		services.map(async service => {
			const letters = await broker.call<DeadLetter[], DeadLetterListParams>(
				`${service.fullName}.${DEAD_LETTER_ACTIONS.list}`,
				params,
				{ timeout }
			);
			return letters.map(letter => ({ service: service.fullName, ...letter }));
		})
	);
	const letters = lists
		.flat()
		.sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt) || a.service.localeCompare(b.service) || a.id - b.id);
	return `${JSON.stringify(letters.slice(0, limit), null, 2)}\n`;
}

async function replay(
	broker: BackbeatBroker,
	services: readonly LetterService[],
	group: string | undefined,
	eventId: string | undefined,
	timeout: number,
	io: Io
): Promise<number> {
	const params: DeadLetterReplayParams = { ...(group === undefined ? {} : { group }), ...(eventId === undefined ? {} : { eventId }) };
	const results: Array<{ service: string } & ReplayResult> = [];
	// One service after another: a replay runs handlers, and the next may depend on what the last one did.
	for (const service of services) {
		const result = await broker.call<ReplayResult, DeadLetterReplayParams>(
			`${service.fullName}.${DEAD_LETTER_ACTIONS.replay}`,
			params,
			{ timeout }
		);
		results.push({ service: service.fullName, ...result });
	}
	const replayed = results.reduce((sum, r) => sum + r.replayed, 0);
	const failed = results.reduce((sum, r) => sum + r.failed, 0);
	if (eventId !== undefined && replayed + failed === 0) {
		throw new BackbeatError(
			"NOT_FOUND",
			`no dead letter of event '${eventId}' in ${services.map(s => s.fullName).join(", ")}${group === undefined ? "" : ` (group ${group})`}`,
			{ data: { field: "id" } }
		);
	}
	io.out(`${JSON.stringify({ replayed, failed, services: results }, null, 2)}\n`);
	if (failed === 0) return EXIT.ok;
	io.err(
		`dead-letters: ${failed} ${failed === 1 ? "letter" : "letters"} failed again and ${failed === 1 ? "stays" : "stay"}; 'backbeat dead-letters list' shows the errors\n`
	);
	return EXIT.failed;
}

async function deadLetters(args: readonly string[], io: Io): Promise<number> {
	const [verb, ...rest] = args;
	if (verb === undefined || verb === "--help" || verb === "-h" || rest.includes("--help") || rest.includes("-h")) {
		io.out(HELP);
		return verb === undefined ? EXIT.usage : EXIT.ok;
	}
	if (verb !== "list" && verb !== "replay") throw usage(`unknown subcommand '${verb}': expected 'list' or 'replay'`, "subcommand");
	const { positionals, flags } = parseArgs(rest, OPTIONS);
	if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`);
	const service = text(flags, "service");
	const group = text(flags, "group");
	const eventId = text(flags, "id");
	let limit = 100;
	if (verb === "list") {
		limit = limitOf(flags);
		for (const flag of ["id", "all"])
			if (flags[flag] !== undefined) throw usage(`--${flag} is for 'dead-letters replay', not list`, flag);
	} else {
		if (flags["limit"] !== undefined) throw usage("--limit is for 'dead-letters list', not replay", "limit");
		if ((eventId === undefined) === (flags["all"] === undefined))
			throw usage("say which letters to replay: --id <eventId> for one, or --all", "id");
	}
	const settings = clusterSettings(flags);
	return withCluster(settings, async broker => {
		const services = await findLetterServices(broker, { service, group }, settings.timeout);
		if (verb === "list") {
			io.out(await list(broker, services, group, limit, settings.timeout));
			return EXIT.ok;
		}
		return replay(broker, services, group, eventId, settings.timeout, io);
	});
}

export const deadLettersCommand: Command = {
	name: "dead-letters",
	summary: "list or replay the dead letters of a running cluster: dead-letters list|replay",
	run: deadLetters
};
