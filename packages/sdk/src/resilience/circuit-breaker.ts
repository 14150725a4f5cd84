import { BackbeatError } from "../errors/backbeat-error.js";
import type { Clock } from "../time/clock.js";
import { SlidingWindow } from "./sliding-window.js";

export interface CircuitBreakerOptions {
	/** Default `true`. */
	readonly enabled: boolean;
	/** Failures and requests are counted over this window, in ms. Default `10000`. */
	readonly windowMs: number;
	/** No decision below this many requests in the window. Default `20`. */
	readonly minRequests: number;
	/** Opens when failures / requests reaches this. Default `0.5`. */
	readonly failureRatio: number;
	/** Stays open this long before letting one probe through, in ms. Default `5000`. */
	readonly openMs: number;
}

export type CircuitState = "closed" | "open" | "half-open";

/** What a call may do: go ahead, go ahead as the single half-open probe, or fail fast. */
export type Admission = { readonly probe: boolean } | BackbeatError;

class Circuit {
	state: CircuitState = "closed";
	openedAt = 0;
	probing = false;
	constructor(readonly window: SlidingWindow<"requests" | "failures">) {}
}

/**
 * One circuit per endpoint (node + action). Closed: calls pass and are
 * counted. Open: calls fail fast with CIRCUIT_OPEN, which is not retried. After `openMs`, half-open: one probe passes; its
 * success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
	private readonly circuits = new Map<string, Circuit>();

	constructor(
		private readonly options: CircuitBreakerOptions,
		private readonly clock: Clock,
		private readonly onStateChange: (key: string, state: CircuitState) => void = () => undefined
	) {}

	state(key: string): CircuitState {
		return this.circuits.get(key)?.state ?? "closed";
	}

	admit(key: string): Admission {
		const circuit = this.circuit(key);
		if (circuit.state === "closed") return { probe: false };
		if (circuit.state === "open" && this.clock.now() - circuit.openedAt >= this.options.openMs) {
			this.move(key, circuit, "half-open");
		}
		if (circuit.state === "half-open" && !circuit.probing) {
			circuit.probing = true;
			return { probe: true };
		}
		const retryInMs = Math.max(0, Math.ceil(circuit.openedAt + this.options.openMs - this.clock.now()));
		return new BackbeatError("CIRCUIT_OPEN", `Circuit open for ${key}: failing fast`, {
			data: { state: circuit.state, endpoint: key, retryInMs }
		});
	}

	record(key: string, probe: boolean, failed: boolean): void {
		const circuit = this.circuit(key);
		if (probe) {
			circuit.probing = false;
			if (failed) this.open(key, circuit);
			else {
				circuit.window.reset();
				this.move(key, circuit, "closed");
			}
			return;
		}
		if (circuit.state !== "closed") return;
		circuit.window.add("requests");
		if (!failed) return;
		circuit.window.add("failures");
		const requests = circuit.window.total("requests");
		if (requests >= this.options.minRequests && circuit.window.total("failures") / requests >= this.options.failureRatio) {
			this.open(key, circuit);
		}
	}

	private open(key: string, circuit: Circuit): void {
		circuit.openedAt = this.clock.now();
		this.move(key, circuit, "open");
	}

	private move(key: string, circuit: Circuit, state: CircuitState): void {
		if (circuit.state === state) return;
		circuit.state = state;
		this.onStateChange(key, state);
	}

	private circuit(key: string): Circuit {
		let circuit = this.circuits.get(key);
		if (!circuit) {
			circuit = new Circuit(new SlidingWindow(["requests", "failures"], this.options.windowMs, this.clock));
			this.circuits.set(key, circuit);
		}
		return circuit;
	}
}
