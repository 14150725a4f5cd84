import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import { resilientCall } from "../client/resilient-call.js";
import type { AuthUser } from "../context/auth-user.js";
import { configError } from "../config/settings.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { type BoundAction, boundActions } from "./bound-actions.js";
import { errorResponder } from "./error-response.js";
import { GATEWAY_DEFAULTS, type GatewayOptions } from "./gateway-options.js";
import { traceRequests } from "./http-tracing.js";
import { bearerToken, createTokenVerifier, type TokenVerifier } from "./jwt-verifier.js";
import { answerClientErrors } from "./client-error.js";
import { docsRoute, shadowedByDocs } from "./docs-route.js";
import { openApiDocument } from "./openapi.js";
import { createRateLimiter, type RateLimiter } from "./rate-limit.js";
import { type RawBodyRequest, requestParams, type SplitParams } from "./request-params.js";
import { sendResult } from "./send-result.js";
import { binaryContentType } from "../schema/binary-stream.js";
import { traceRoutes } from "./trace-routes.js";
import { checkPublicDir, type StaticHandler, staticFiles } from "./static-files.js";

/** What one gateway needs at request time; built when the service is created (keys and Redis load asynchronously). */
interface GatewayRuntime {
	readonly verify: TokenVerifier | undefined;
	readonly limiter: RateLimiter | undefined;
}

type GatewayRequest = IncomingMessage & { $params: SplitParams | Record<string, unknown>; $ctx: Context<unknown, Record<string, unknown>> };
type GatewayThis = {
	broker: ServiceBroker;
	logger: { error(message: string): void; warn(message: string): void };
	runtime: Promise<GatewayRuntime>;
	server?: Server;
	/** moleculer-web's handler of requests no route answered (its `assets` setting sets it); see `publicDir`. */
	serve?: StaticHandler;
};

const JSON_BODY = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function checkOptions(options: GatewayOptions): void {
	const { port, bodyLimit, basePath } = options;
	if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
		throw configError("port", "must be an integer from 0 to 65535");
	if (bodyLimit !== undefined && !(Number.isInteger(bodyLimit) && bodyLimit > 0))
		throw configError("bodyLimit", "must be a positive integer of bytes");
	if (basePath !== undefined && !/^(?:\/[A-Za-z0-9._~-]+)*$/.test(basePath))
		throw configError("basePath", `'${basePath}' must be empty or like /api`);
	if (!Array.isArray(options.contracts)) throw configError("contracts", "must be a list of contracts");
	if (options.publicDir !== undefined && options.publicDir !== false) checkPublicDir(options.publicDir);
}

function unauthorized(message: string, res: ServerResponse, invalidToken: boolean): BackbeatError {
	res.setHeader("www-authenticate", invalidToken ? `Bearer realm="backbeat", error="invalid_token"` : `Bearer realm="backbeat"`);
	return new BackbeatError("UNAUTHORIZED", message);
}

/** Who is calling: nobody, or the user of a valid token. A token that is present but bad is refused even on a public action. */
async function authenticate(
	bound: BoundAction,
	req: IncomingMessage,
	res: ServerResponse,
	verify: TokenVerifier | undefined
): Promise<AuthUser | undefined> {
	let token: string | undefined;
	try {
		token = bearerToken(req.headers.authorization);
	} catch (error) {
		throw unauthorized((error as Error).message, res, true);
	}
	let user: AuthUser | undefined;
	if (token !== undefined) {
		if (!verify) throw unauthorized("This gateway accepts no bearer tokens", res, true);
		try {
			user = await verify(token);
		} catch (error) {
			throw unauthorized(error instanceof BackbeatError ? error.message : "The bearer token is invalid", res, true);
		}
	}
	if (bound.auth === "public") return user;
	if (!user) throw unauthorized(`${bound.binding.method} ${bound.binding.path} needs a bearer token`, res, false);
	if (typeof bound.auth === "object" && !bound.auth.roles.some(role => user.roles.includes(role))) {
		throw new BackbeatError(
			"FORBIDDEN",
			`${bound.binding.method} ${bound.binding.path} needs one of the roles ${bound.auth.roles.join(", ")}`,
			{
				data: { roles: bound.auth.roles }
			}
		);
	}
	return user;
}

/** moleculer-web aliases: each bound route, then per path an any-method alias that answers 405 with `Allow`. */
function aliasesOf(bound: readonly BoundAction[]): Record<string, unknown> {
	const aliases: Record<string, unknown> = {};
	const methodsByPath = new Map<string, string[]>();
	for (const action of bound) {
		aliases[`${action.binding.method} ${action.binding.path}`] = action.target.action;
		const methods = methodsByPath.get(action.binding.path) ?? [];
		methods.push(action.binding.method);
		methodsByPath.set(action.binding.path, methods);
	}
	for (const [path, methods] of methodsByPath) {
		const allow = methods.join(", ");
		aliases[path] = (req: IncomingMessage, res: ServerResponse, next: (error: unknown) => void) => {
			res.setHeader("allow", allow);
			next(
				new BackbeatError("METHOD_NOT_ALLOWED", `${req.method} is not served on ${path}; use ${allow}`, {
					data: { allow: methods }
				})
			);
		};
	}
	return aliases;
}

/**
 * The HTTP front door on moleculer-web: serves every `http`-bound action of
 * `contracts` under `basePath` and nothing else (no auto-aliases, no
 * `$node.*`). Each request is authenticated (bearer JWT), charged to its
 * rate budgets, turned into the action's params (path, query, JSON body) and
 * called with the contract's deadline and retry rules; `Idempotency-Key`
 * becomes the call's idempotency key. Every error answers as
 * `{ error: { code, message, httpStatus, retryable, data } }`.
 * Returns a service schema for `createBroker({ services })`.
 */
export function createGateway(options: GatewayOptions): ServiceSchema {
	checkOptions(options);
	const bound = boundActions(options.contracts);
	const byAction = new Map(bound.map(action => [action.target.action, action]));
	const basePath = options.basePath ?? GATEWAY_DEFAULTS.basePath;
	const tracesPath = options.tracesPath ?? GATEWAY_DEFAULTS.tracesPath;
	const publicDir = options.publicDir ?? GATEWAY_DEFAULTS.publicDir;
	const respondWithError = errorResponder(options.bodyLimit ?? GATEWAY_DEFAULTS.bodyLimit);
	const needsAuth = bound.filter(action => action.auth !== "public").map(action => action.label);
	const docs = options.docs ?? GATEWAY_DEFAULTS.docs;
	const shadowed = docs ? bound.find(action => shadowedByDocs(action.binding)) : undefined;
	if (shadowed)
		throw configError(
			"docs",
			`serves ${basePath}/openapi.json and ${basePath}/docs: bind ${shadowed.label} elsewhere or set docs: false`
		);
	const docsWarnings: string[] = [];
	const info = options.apiInfo ?? GATEWAY_DEFAULTS.apiInfo;
	const document = docs ? openApiDocument(options.contracts, { basePath, info, onWarning: m => docsWarnings.push(m) }) : undefined;

	async function buildRuntime(): Promise<GatewayRuntime> {
		const verify = await createTokenVerifier(options.auth);
		if (!verify && needsAuth.length > 0) {
			throw configError(
				"auth",
				`is needed by ${needsAuth.join(", ")}: set BACKBEAT_JWT_SECRET (32+ characters), BACKBEAT_JWKS_FILE or the gateway's auth option, or make them auth: "public"`
			);
		}
		const limiter = options.rateLimit === false ? undefined : await createRateLimiter(options.rateLimit ?? {});
		return { verify, limiter };
	}

	async function onBeforeCall(
		this: GatewayThis,
		ctx: Context,
		_route: unknown,
		req: GatewayRequest,
		res: ServerResponse,
		alias: { action?: string }
	) {
		const action = alias.action === undefined ? undefined : byAction.get(alias.action);
		if (!action) return;
		const runtime = await this.runtime;
		const user = await authenticate(action, req, res, runtime.verify);
		if (user) (ctx.meta as Record<string, unknown>)["user"] = user;
		await runtime.limiter?.charge({ ip: req.socket.remoteAddress ?? "unknown", userId: user?.id, action: action.target.action }, res);
		req.$params = requestParams(req, req.$params as SplitParams, action);
	}

	const routes: Record<string, unknown>[] = [];
	if (document) routes.push(docsRoute(basePath, document) as unknown as Record<string, unknown>);
	routes.push({
		name: "api",
		path: basePath,
		mappingPolicy: "restrict",
		autoAliases: false,
		mergeParams: false,
		bodyParsers: {
			json: {
				limit: options.bodyLimit ?? GATEWAY_DEFAULTS.bodyLimit,
				strict: false,
				type: (req: IncomingMessage) => JSON_BODY.test(req.headers["content-type"] ?? ""),
				// Kept for `rawBody` bindings: a signature is over these exact bytes, not over a re-serialization.
				verify: (req: RawBodyRequest, _res: ServerResponse, bytes: Buffer) => {
					req.$rawBody = bytes;
				}
			},
			urlencoded: false
		},
		aliases: aliasesOf(bound),
		onBeforeCall,
		logging: false
	});
	if (tracesPath !== false) routes.push(traceRoutes(tracesPath) as unknown as Record<string, unknown>);

	const cors = options.cors
		? {
				origin: options.cors.origin,
				methods: options.cors.methods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"],
				credentials: options.cors.credentials ?? false,
				maxAge: options.cors.maxAge ?? 600,
				allowedHeaders: ["authorization", "content-type", "idempotency-key", "traceparent", "tracestate"],
				exposedHeaders: ["x-trace-id", "retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"]
			}
		: undefined;

	// Typed by hand: moleculer's ServiceSchema knows neither moleculer-web's settings nor `this.runtime`.
	const schema = {
		name: options.name ?? GATEWAY_DEFAULTS.name,
		mixins: [ApiGateway as unknown as ServiceSchema],
		settings: {
			port: options.port ?? GATEWAY_DEFAULTS.port,
			ip: options.host ?? GATEWAY_DEFAULTS.host,
			routes,
			...(cors ? { cors } : {}),
			rootCallOptions: traceRequests(tracesPath === false ? [] : [tracesPath]),
			onError: respondWithError,
			logRequest: false,
			logResponse: false
		},
		created(this: GatewayThis) {
			for (const warning of docsWarnings) this.logger.warn(`OpenAPI: ${warning}`);
			this.runtime = buildRuntime();
			// Awaited by `started` and by every request; this keeps an early failure from being "unhandled" meanwhile.
			this.runtime.catch(() => undefined);
			// Set here rather than through moleculer-web's `assets` setting, so the API's prefixes are never served from the folder.
			if (publicDir !== false) this.serve = staticFiles(publicDir, tracesPath === false ? [basePath] : [basePath, tracesPath]);
		},
		async started(this: GatewayThis) {
			if (this.server) answerClientErrors(this.server);
			await this.runtime;
		},
		async stopped(this: GatewayThis) {
			const runtime = await this.runtime.catch(() => undefined);
			await runtime?.limiter?.close();
		},
		methods: {
			/** Replaces moleculer-web's call: the contract's deadline and retries, the idempotency key, and the binding's status. */
			async callAction(
				this: GatewayThis,
				_route: unknown,
				actionName: string,
				req: GatewayRequest,
				res: ServerResponse,
				params: unknown
			) {
				const action = byAction.get(actionName);
				if (!action) throw new BackbeatError("NOT_FOUND", `No route for ${req.method} ${req.url}`);
				const key = req.headers["idempotency-key"];
				if (typeof key !== "string" && action.binding.idempotencyKey === "required") {
					throw new BackbeatError(
						"BAD_REQUEST",
						`${action.binding.method} ${action.binding.path} needs an Idempotency-Key header`,
						{
							data: { header: "Idempotency-Key" }
						}
					);
				}
				// A byte stream can't be replayed to a second caller: keys are ignored on binaryStream() actions.
				const keyed = typeof key === "string" && binaryContentType(action.target.definition.returns) === undefined;
				const data = await resilientCall(req.$ctx, action.target, params, keyed ? { idempotencyKey: key } : {});
				sendResult(res, action, data, req.$ctx.meta);
				return true;
			},
			/** moleculer-web logs every error it catches at error level; a client's mistake is not the server's. */
			errorHandler(this: GatewayThis, req: IncomingMessage, res: ServerResponse, error: unknown) {
				respondWithError.call(this, req, res, error);
			}
		}
	};
	return schema as unknown as ServiceSchema;
}

/** The port a broker's gateway listens on (useful with `port: 0`). */
export function gatewayPort(broker: ServiceBroker, name: string = GATEWAY_DEFAULTS.name): number | undefined {
	const service = broker.getLocalService(name) as { server?: Server } | undefined;
	const address = service?.server?.address() as AddressInfo | null | undefined;
	return address?.port;
}
