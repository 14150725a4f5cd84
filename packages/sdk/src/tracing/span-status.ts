import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { toBackbeatError } from "../errors/normalize.js";
import { ATTR_ERROR_TYPE } from "./semconv.js";

/**
 * Marks a span failed without ending it: status ERROR, `error.type` = the
 * Backbeat error code and an `exception` event. The error is normalized only
 * for spans that are recorded, so an unsampled failure costs nothing extra.
 */
export function recordError(span: Span, err: unknown): void {
	if (!span.isRecording()) return;
	const error = toBackbeatError(err);
	span.setAttribute(ATTR_ERROR_TYPE, error.code);
	span.recordException({ name: error.code, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) });
	span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/** Ends a span as failed (see `recordError`). */
export function endWithError(span: Span, err: unknown): void {
	recordError(span, err);
	span.end();
}
