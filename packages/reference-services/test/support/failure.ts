// The error a call through the typed HTTP client rejects with; a call that succeeds fails the test.
import type { HttpClientError } from "@backbeat/sdk/http";

export const failure = (promise: Promise<unknown>): Promise<HttpClientError> =>
	promise.then(
		() => {
			throw new Error("expected a rejection");
		},
		(error: HttpClientError) => error
	);
