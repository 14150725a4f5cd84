import { useState } from "preact/hooks";
import { api, setSession } from "./api.js";
import { Alert } from "./alert.js";
import { useAction } from "./use-action.js";

/** Create an account or log in; the session is kept for this tab. */
export function AuthScreen() {
	const [mode, setMode] = useState<"login" | "register">("register");
	const [email, setEmail] = useState("");
	const [password, setPassword] = useState("");
	const [displayName, setDisplayName] = useState("");
	const { error, busy, run } = useAction();
	const registering = mode === "register";

	async function submit(event: Event) {
		event.preventDefault();
		const session = await run(() =>
			registering ? api.users.register({ email, password, displayName }) : api.users.login({ email, password })
		);
		if (session) setSession(session);
	}

	return (
		<main class="screen auth">
			<h1>Backbeat</h1>
			<h2>{registering ? "Create your account" : "Log in"}</h2>
			<form onSubmit={submit} aria-label={registering ? "Create account" : "Log in"}>
				<label for="email">Email</label>
				<input id="email" type="email" autocomplete="email" required value={email} onInput={e => setEmail(e.currentTarget.value)} />
				<label for="password">Password</label>
				<input
					id="password"
					type="password"
					autocomplete={registering ? "new-password" : "current-password"}
					required
					minLength={registering ? 8 : undefined}
					value={password}
					onInput={e => setPassword(e.currentTarget.value)}
				/>
				{registering && (
					<>
						<label for="display-name">Display name</label>
						<input
							id="display-name"
							autocomplete="nickname"
							required
							value={displayName}
							onInput={e => setDisplayName(e.currentTarget.value)}
						/>
					</>
				)}
				<Alert message={error} />
				<button type="submit" disabled={busy}>
					{registering ? "Create account" : "Log in"}
				</button>
			</form>
			<button type="button" class="link" onClick={() => setMode(registering ? "login" : "register")}>
				{registering ? "I have an account: log in" : "New here? Create an account"}
			</button>
		</main>
	);
}
