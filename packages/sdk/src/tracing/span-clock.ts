import type { HrTime, TimeInput } from "@opentelemetry/api";

// Spans keep their times as epoch milliseconds with sub-millisecond precision
// (a double holds them to about 0.25 µs) and build OpenTelemetry's
// [seconds, nanoseconds] pairs only when an exporter or the store reads them.
const origin = performance.timeOrigin;

/** Now, in epoch milliseconds, from the monotonic clock. */
export function nowMs(): number {
	return origin + performance.now();
}

/**
 * A `TimeInput` as epoch milliseconds. Numbers follow OpenTelemetry's rule:
 * up to `performance.now()` they are performance timestamps, above it epoch
 * milliseconds.
 */
export function toEpochMs(time: TimeInput): number {
	if (typeof time === "number") return time <= performance.now() ? origin + time : time;
	if (time instanceof Date) return time.getTime();
	return time[0] * 1e3 + time[1] / 1e6;
}

export function toHrTime(epochMs: number): HrTime {
	let seconds = Math.floor(epochMs / 1e3);
	let nanos = Math.round((epochMs - seconds * 1e3) * 1e6);
	if (nanos >= 1e9) {
		seconds += 1;
		nanos -= 1e9;
	}
	return [seconds, nanos];
}
