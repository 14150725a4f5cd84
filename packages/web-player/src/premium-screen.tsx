import { useState } from "preact/hooks";
import { api, signedIn } from "./api.js";
import { Alert } from "./alert.js";
import { useAction } from "./use-action.js";

/** A key per checkout attempt, so a retried request is charged once. randomUUID needs a secure context; 127.0.0.1 is one, a LAN address is not. */
function idempotencyKey(): string {
	if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
	return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, "0")).join("");
}

/** Upgrade to Premium (320 kbit/s, no ads) with the checkout form. */
export function PremiumScreen({ hidden, premium, onUpgraded }: { hidden: boolean; premium: boolean; onUpgraded: () => void }) {
	const year = new Date().getFullYear();
	const [number, setNumber] = useState("");
	const [expMonth, setExpMonth] = useState("12");
	const [expYear, setExpYear] = useState(String(year + 2));
	const [cvc, setCvc] = useState("");
	const [done, setDone] = useState<string | undefined>();
	const { error, busy, run } = useAction();

	async function submit(event: Event) {
		event.preventDefault();
		setDone(undefined);
		const key = idempotencyKey();
		const card = { number: number.replace(/\s+/g, ""), expMonth: Number(expMonth), expYear: Number(expYear), cvc };
		const paid = await run(() => signedIn(() => api.payments.checkout({ planId: "premium", card }, { idempotencyKey: key })));
		if (paid) {
			setDone(`Welcome to Premium: 320 kbit/s and no ads. Paid with the card ending ${paid.subscription.cardLast4 ?? ""}.`);
			setNumber("");
			setCvc("");
			onUpgraded();
		}
	}

	return (
		<section hidden={hidden} class="screen" aria-labelledby="premium-heading">
			<h2 id="premium-heading" tabIndex={-1}>
				Premium
			</h2>
			<p>Premium streams at 320 kbit/s with no ads, for €9.99 a month.</p>
			{done && (
				<p role="status" class="note">
					{done}
				</p>
			)}
			{premium ? (
				<p>You have Premium.</p>
			) : (
				<form class="checkout" onSubmit={submit} aria-label="Checkout">
					<label for="card-number">Card number</label>
					<input
						id="card-number"
						inputMode="numeric"
						autocomplete="cc-number"
						required
						pattern="[0-9 ]{16,19}"
						value={number}
						onInput={e => setNumber(e.currentTarget.value)}
					/>
					<div class="row">
						<div>
							<label for="card-month">Expiry month</label>
							<input
								id="card-month"
								type="number"
								min={1}
								max={12}
								autocomplete="cc-exp-month"
								required
								value={expMonth}
								onInput={e => setExpMonth(e.currentTarget.value)}
							/>
						</div>
						<div>
							<label for="card-year">Expiry year</label>
							<input
								id="card-year"
								type="number"
								min={year}
								max={2100}
								autocomplete="cc-exp-year"
								required
								value={expYear}
								onInput={e => setExpYear(e.currentTarget.value)}
							/>
						</div>
						<div>
							<label for="card-cvc">CVC</label>
							<input
								id="card-cvc"
								inputMode="numeric"
								autocomplete="cc-csc"
								required
								pattern="[0-9]{3}"
								value={cvc}
								onInput={e => setCvc(e.currentTarget.value)}
							/>
						</div>
					</div>
					<Alert message={error} />
					<button type="submit" disabled={busy}>
						Upgrade to Premium
					</button>
				</form>
			)}
		</section>
	);
}
