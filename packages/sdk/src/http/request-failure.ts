import { HttpClientError, type HttpRequestInfo } from "./http-client-error.js";

/**
 * A request that got no complete answer: aborted by the caller's signal
 * (CLIENT_CLOSED_REQUEST, or DEADLINE_EXCEEDED for a timeout signal), or a
 * network failure (SERVICE_UNAVAILABLE, retryable: the gateway was not reached
 * or the connection broke).
 */
export function requestFailure(thrown: unknown, request: HttpRequestInfo, signal: AbortSignal | undefined): HttpClientError {
	const target = `${request.method} ${request.url}`;
	if (signal?.aborted) {
		const reason: unknown = signal.reason;
		if ((reason as { name?: unknown } | null)?.name === "TimeoutError") {
			return new HttpClientError("DEADLINE_EXCEEDED", `${target} timed out`, { request, cause: reason });
		}
		return new HttpClientError("CLIENT_CLOSED_REQUEST", `${target} was aborted`, { request, cause: reason });
	}
	// Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset) is its cause.
	const inner = (thrown as { cause?: unknown } | null)?.cause;
	const detail = thrown instanceof Error ? thrown.message + (inner instanceof Error ? ` (${inner.message})` : "") : String(thrown);
	return new HttpClientError("SERVICE_UNAVAILABLE", `Could not reach ${target}: ${detail}`, {
		request,
		cause: thrown,
		data: { reason: "NETWORK_ERROR" }
	});
}
