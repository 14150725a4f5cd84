import { readFile } from "node:fs/promises";
import {
	createLocalJWKSet,
	type JSONWebKeySet,
	type JWTPayload,
	jwtVerify,
	decodeJwt,
	decodeProtectedHeader,
	errors as joseErrors
} from "jose";
import type { AuthUser } from "../context/auth-user.js";
import { configError } from "../config/settings.js";
import { BackbeatError } from "../errors/backbeat-error.js";

/** Asymmetric algorithms a public key or JWKS may verify; HS256 is the shared secret's. */
export const PUBLIC_KEY_ALGORITHMS = ["EdDSA", "RS256", "ES256"] as const;
export type PublicKeyAlgorithm = (typeof PUBLIC_KEY_ALGORITHMS)[number];

export interface JwtOptions {
	/** HS256 shared secret, at least 32 characters. Default: `BACKBEAT_JWT_SECRET`. */
	readonly secret?: string;
	/** JWKS file (`{ "keys": [...] }`) of public keys, each with its `alg` (EdDSA, RS256 or ES256). Default: `BACKBEAT_JWKS_FILE`. */
	readonly jwksFile?: string;
	/** Public keys as JSON Web Keys, each with its `alg`; beside or instead of `jwksFile`. */
	readonly publicKeys?: readonly Record<string, unknown>[];
	/** Required `iss` claim. Default `"backbeat"`. */
	readonly issuer?: string;
	/** Required `aud` claim. Default `"backbeat"`. */
	readonly audience?: string;
	/** Seconds of clock skew allowed on `exp` and `nbf`. Default `5`. */
	readonly clockToleranceSec?: number;
	/** Verified tokens remembered until they expire (a signature check costs more than a whole proxied call); `0` turns it off. Default `10000`. */
	readonly verifiedCacheSize?: number;
}

export const JWT_DEFAULTS = { issuer: "backbeat", audience: "backbeat", clockToleranceSec: 5, verifiedCacheSize: 10_000 } as const;

/** Checks a bearer token: the user it names, or UNAUTHORIZED saying why (never echoing the token or a key). */
export type TokenVerifier = (token: string) => Promise<AuthUser>;

const MIN_SECRET_LENGTH = 32;

function unauthorized(message: string): BackbeatError {
	return new BackbeatError("UNAUTHORIZED", message);
}

async function loadPublicKeys(options: JwtOptions, env: NodeJS.ProcessEnv): Promise<JSONWebKeySet | undefined> {
	const keys: Record<string, unknown>[] = [...(options.publicKeys ?? [])];
	const file = options.jwksFile ?? env["BACKBEAT_JWKS_FILE"];
	const setting = options.jwksFile !== undefined ? "jwksFile" : "BACKBEAT_JWKS_FILE";
	if (file) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(await readFile(file, "utf8"));
		} catch (error) {
			throw configError(setting, `'${file}' could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
		}
		const fileKeys = (parsed as { keys?: unknown } | null)?.keys;
		if (!Array.isArray(fileKeys)) throw configError(setting, `'${file}' must hold a JWKS: { "keys": [...] }`);
		keys.push(...(fileKeys as Record<string, unknown>[]));
	}
	if (keys.length === 0) return undefined;
	for (const [index, key] of keys.entries()) {
		if (!(PUBLIC_KEY_ALGORITHMS as readonly unknown[]).includes(key["alg"])) {
			throw configError(
				options.publicKeys ? "publicKeys" : setting,
				`key ${index} must name its alg: ${PUBLIC_KEY_ALGORITHMS.join(", ")}`
			);
		}
		if ("d" in key || key["kty"] === "oct")
			throw configError(options.publicKeys ? "publicKeys" : setting, `key ${index} must be a public key`);
	}
	return { keys } as JSONWebKeySet;
}

/** Why jose refused a token, in words a client may read. */
function reason(error: unknown): string {
	if (error instanceof joseErrors.JWTExpired) return "The bearer token has expired";
	if (error instanceof joseErrors.JWTClaimValidationFailed) {
		if (error.claim === "nbf") return "The bearer token is not valid yet";
		if (error.claim === "iss") return "The bearer token was issued by someone else";
		if (error.claim === "aud") return "The bearer token was issued for another audience";
		return `The bearer token's '${error.claim}' claim is missing or wrong`;
	}
	if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The bearer token's algorithm is not accepted";
	if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
		return "The bearer token's signature does not verify";
	}
	return "The bearer token is malformed";
}

function userOf(payload: JWTPayload): AuthUser {
	const roles = payload["roles"];
	if (typeof payload.sub !== "string" || payload.sub.length === 0) throw unauthorized("The bearer token names no subject");
	if (roles !== undefined && !(Array.isArray(roles) && roles.every(role => typeof role === "string"))) {
		throw unauthorized("The bearer token's roles claim must be a list of strings");
	}
	return { id: payload.sub, roles: (roles as string[] | undefined) ?? [] };
}

/**
 * A verifier from the configured keys, or `undefined` when none is
 * configured. A token is accepted only with the algorithm its key was made
 * for: HS256 with the secret, the JWK's own `alg` with a public key, so
 * `alg: none` and HS256 signed with a public key (algorithm confusion) fail.
 * `exp` and `sub` are required; `nbf`, `iss` and `aud` are checked.
 */
export async function createTokenVerifier(
	options: JwtOptions = {},
	env: NodeJS.ProcessEnv = process.env
): Promise<TokenVerifier | undefined> {
	const secretText = options.secret ?? env["BACKBEAT_JWT_SECRET"];
	if (secretText !== undefined && secretText.length < MIN_SECRET_LENGTH) {
		throw configError(
			options.secret !== undefined ? "secret" : "BACKBEAT_JWT_SECRET",
			`must be at least ${MIN_SECRET_LENGTH} characters`
		);
	}
	const cacheSize = options.verifiedCacheSize ?? JWT_DEFAULTS.verifiedCacheSize;
	if (!Number.isInteger(cacheSize) || cacheSize < 0) throw configError("verifiedCacheSize", "must be an integer of 0 or more");
	// Imported once: jose would import raw bytes again on every verification.
	const secret =
		secretText === undefined
			? undefined
			: await crypto.subtle.importKey("raw", new TextEncoder().encode(secretText), { name: "HMAC", hash: "SHA-256" }, false, [
					"verify"
				]);
	const keySet = await loadPublicKeys(options, env);
	if (!secret && !keySet) return undefined;
	const jwks = keySet ? createLocalJWKSet(keySet) : undefined;
	const publicAlgorithms = keySet ? [...new Set(keySet.keys.map(key => key.alg as string))] : [];
	const claims = {
		issuer: options.issuer ?? JWT_DEFAULTS.issuer,
		audience: options.audience ?? JWT_DEFAULTS.audience,
		clockTolerance: options.clockToleranceSec ?? JWT_DEFAULTS.clockToleranceSec,
		requiredClaims: ["exp", "sub"]
	};
	const verify = async (token: string): Promise<AuthUser> => {
		let alg: unknown;
		try {
			alg = decodeProtectedHeader(token).alg;
		} catch {
			throw unauthorized("The bearer token is malformed");
		}
		try {
			if (alg === "HS256" && secret) return userOf((await jwtVerify(token, secret, { ...claims, algorithms: ["HS256"] })).payload);
			if (jwks && publicAlgorithms.includes(alg as string)) {
				return userOf((await jwtVerify(token, jwks, { ...claims, algorithms: publicAlgorithms })).payload);
			}
		} catch (error) {
			if (error instanceof BackbeatError) throw error;
			throw unauthorized(reason(error));
		}
		throw unauthorized("The bearer token's algorithm is not accepted");
	};
	return cacheSize === 0 ? verify : rememberVerified(verify, cacheSize);
}

/**
 * Remembers each verified token until its `exp`, so a client that sends the
 * same token on every request pays for one signature check. Safe because a
 * token cannot change and nothing is revoked before it expires; the oldest
 * entry goes when the cache is full.
 */
function rememberVerified(verify: TokenVerifier, maxEntries: number): TokenVerifier {
	const verified = new Map<string, { user: AuthUser; expiresAtMs: number }>();
	return async token => {
		const known = verified.get(token);
		if (known) {
			if (Date.now() < known.expiresAtMs) return known.user;
			verified.delete(token);
		}
		const user = await verify(token);
		const exp = decodeJwt(token).exp;
		if (typeof exp === "number") {
			if (verified.size >= maxEntries) verified.delete(verified.keys().next().value as string);
			verified.set(token, { user, expiresAtMs: exp * 1000 });
		}
		return user;
	};
}

/** The token of an `Authorization: Bearer <token>` header, `undefined` without one, or UNAUTHORIZED for another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
	if (header === undefined || header === "") return undefined;
	const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
	if (!match?.[1]) throw unauthorized("The Authorization header must be 'Bearer <token>'");
	return match[1];
}
