import { importJWK, SignJWT } from "jose";
import type { AuthUser } from "../context/auth-user.js";
import { BackbeatError } from "../errors/backbeat-error.js";
import { JWT_DEFAULTS, PUBLIC_KEY_ALGORITHMS } from "./jwt-verifier.js";

export interface IssueTokenOptions {
	/** HS256 shared secret (the gateway's). Default: `BACKBEAT_JWT_SECRET`. */
	readonly secret?: string;
	/** Or a private JSON Web Key with its `alg` (EdDSA, RS256, ES256) and `kid`, matching a public key the gateway has. */
	readonly privateKey?: Record<string, unknown>;
	/** Lifetime in seconds. Default `900` (15 minutes). */
	readonly expiresInSec?: number;
	/** `iss` claim. Default `"backbeat"`. */
	readonly issuer?: string;
	/** `aud` claim. Default `"backbeat"`. */
	readonly audience?: string;
}

export const ISSUE_TOKEN_DEFAULTS = { expiresInSec: 900, issuer: JWT_DEFAULTS.issuer, audience: JWT_DEFAULTS.audience } as const;

/**
 * Signs an access token for `user` that the gateway accepts: for the service
 * that logs users in. The token carries `sub`, `roles`, `iat`, `exp`, `iss`
 * and `aud`.
 */
export async function issueToken(user: AuthUser, options: IssueTokenOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const lifetime = options.expiresInSec ?? ISSUE_TOKEN_DEFAULTS.expiresInSec;
	if (!Number.isInteger(lifetime) || lifetime <= 0) {
		throw new BackbeatError("CONFIG_INVALID", "expiresInSec must be a positive integer", { data: { setting: "expiresInSec" } });
	}
	const jwt = new SignJWT({ roles: [...user.roles] })
		.setSubject(user.id)
		.setIssuedAt()
		.setExpirationTime(Math.floor(Date.now() / 1000) + lifetime)
		.setIssuer(options.issuer ?? ISSUE_TOKEN_DEFAULTS.issuer)
		.setAudience(options.audience ?? ISSUE_TOKEN_DEFAULTS.audience);
	if (options.privateKey) {
		const alg = options.privateKey["alg"];
		if (!(PUBLIC_KEY_ALGORITHMS as readonly unknown[]).includes(alg)) {
			throw new BackbeatError("CONFIG_INVALID", `privateKey must name its alg: ${PUBLIC_KEY_ALGORITHMS.join(", ")}`, {
				data: { setting: "privateKey" }
			});
		}
		const kid = options.privateKey["kid"];
		const header = typeof kid === "string" ? { alg: alg as string, kid } : { alg: alg as string };
		return jwt.setProtectedHeader(header).sign(await importJWK(options.privateKey, alg as string));
	}
	const secret = options.secret ?? env["BACKBEAT_JWT_SECRET"];
	if (!secret) {
		throw new BackbeatError("CONFIG_INVALID", "issueToken needs a secret (or BACKBEAT_JWT_SECRET) or a privateKey", {
			data: { setting: "secret" }
		});
	}
	return jwt.setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(secret));
}
