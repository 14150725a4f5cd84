// The platform's API as the page sees it: typed clients of the platform's own contracts (so a contract
// change that breaks the page breaks its build), one session, and a refresh of the access token on a 401.
import {
	CatalogContract,
	LibraryContract,
	NotificationsContract,
	PaymentsContract,
	PlaylistsContract,
	RecommendationsContract,
	StreamingContract,
	UsersContract
} from "@backbeat/reference-services/contracts";
import { type FetchLike, HttpClientError, httpClient } from "@backbeat/sdk/http";
import type { z } from "zod";
import type { User } from "@backbeat/reference-services/contracts";

export interface Session {
	readonly accessToken: string;
	readonly refreshToken: string;
	readonly user: z.infer<typeof User>;
}

const STORAGE_KEY = "backbeat.session";
const baseUrl = `${location.origin}/api`;

/** Kept for this tab only (sessionStorage), so a reload keeps the user signed in and closing the tab forgets them. */
function loadSession(): Session | undefined {
	try {
		const text = sessionStorage.getItem(STORAGE_KEY);
		return text ? (JSON.parse(text) as Session) : undefined;
	} catch {
		return undefined;
	}
}

let session = loadSession();
const listeners = new Set<(session: Session | undefined) => void>();

export function currentSession(): Session | undefined {
	return session;
}

export function setSession(next: Session | undefined): void {
	session = next;
	if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
	else sessionStorage.removeItem(STORAGE_KEY);
	for (const listener of listeners) listener(next);
}

export function onSessionChange(listener: (session: Session | undefined) => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

let lastTraceId: string | undefined;
const traceListeners = new Set<(traceId: string) => void>();

/** The trace id (`x-trace-id`) of the last answer the user's own actions got, for the link to its waterfall. */
export function onTrace(listener: (traceId: string) => void): () => void {
	if (lastTraceId) listener(lastTraceId);
	traceListeners.add(listener);
	return () => traceListeners.delete(listener);
}

const tracedFetch: FetchLike = async (url, init) => {
	const response = await fetch(url, init);
	const traceId = response.headers.get("x-trace-id");
	if (traceId) {
		lastTraceId = traceId;
		for (const listener of traceListeners) listener(traceId);
	}
	return response;
};

const options = { baseUrl, token: () => session?.accessToken, fetch: tracedFetch };
export const api = {
	catalog: httpClient(CatalogContract, options),
	users: httpClient(UsersContract, options),
	library: httpClient(LibraryContract, options),
	playlists: httpClient(PlaylistsContract, options),
	streaming: httpClient(StreamingContract, options),
	payments: httpClient(PaymentsContract, options),
	notifications: httpClient(NotificationsContract, options),
	recommendations: httpClient(RecommendationsContract, options)
};

/** For calls the page makes by itself (polling): their traces would push the user's last request out of the trace link. */
export const background = {
	notifications: httpClient(NotificationsContract, { baseUrl, token: () => session?.accessToken })
};

// The gateway refuses a bad bearer token even on public routes, so the refresh goes without the (expired) access token.
const tokenless = httpClient(UsersContract, { baseUrl });
let refreshing: Promise<boolean> | undefined;

/** One refresh at a time: a refresh token works once, so two parallel 401s must not both spend it. */
function refreshOnce(): Promise<boolean> {
	const held = session;
	if (!held) return Promise.resolve(false);
	refreshing ??= tokenless
		.refresh({ refreshToken: held.refreshToken })
		.then(tokens => {
			setSession({ ...held, ...tokens });
			return true;
		})
		.catch(() => {
			setSession(undefined);
			return false;
		})
		.finally(() => {
			refreshing = undefined;
		});
	return refreshing;
}

/** Runs a signed-in call; on a 401 (an expired access token) refreshes the tokens once and tries again. */
export async function signedIn<T>(call: () => Promise<T>): Promise<T> {
	const used = session?.accessToken;
	try {
		return await call();
	} catch (error) {
		if (!(error instanceof HttpClientError) || error.status !== 401 || !session) throw error;
		// Another call refreshed the tokens while this one was under way: try again with the new one.
		if (session.accessToken !== used) return call();
		if (!(await refreshOnce())) throw new Error("Your session has ended. Please log in again.");
		return call();
	}
}

const DECLINES: Record<string, string> = {
	card_declined: "Your card was declined. Try another card.",
	insufficient_funds: "Your card has insufficient funds. Try another card."
};

/** What went wrong, in words a listener understands. */
export function errorText(error: unknown): string {
	if (error instanceof HttpClientError) {
		const reason = (error.data as { reason?: unknown } | undefined)?.reason;
		if (error.status === 402) return DECLINES[String(reason)] ?? `Payment failed: ${error.message}`;
		if (error.data && typeof error.data === "object" && reason === "NETWORK_ERROR")
			return "Can't reach Backbeat. Check your connection and try again.";
		if (error.status === 429) {
			const wait = Number((error.data as { retryAfterSec?: unknown } | undefined)?.retryAfterSec);
			return Number.isFinite(wait) && wait > 0
				? `Too many tries. Wait ${wait} ${wait === 1 ? "second" : "seconds"} and try again.`
				: "Too many requests. Wait a moment and try again.";
		}
		// Signed out, a 401 is the login's own answer (a wrong password); signed in, it is an ended session.
		if (error.status === 401) return session ? "Your session has ended. Please log in again." : error.message;
		if (error.status === 409 && reason === "CHECKOUT_IN_PROGRESS") return "A checkout is already under way. Wait a moment.";
		if (error.status === 409) return `That changed meanwhile: ${error.message}`;
		if (error.status !== undefined && error.status >= 500) return "Something went wrong on our side. Try again.";
		return error.message;
	}
	return error instanceof Error ? error.message : String(error);
}
