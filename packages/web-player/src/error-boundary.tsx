import { Component, type ComponentChildren } from "preact";

interface State {
	readonly error?: unknown;
}

/** A failure while rendering shows in words with a way out, never as a blank page. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, State> {
	override state: State = {};

	override componentDidCatch(error: unknown): void {
		this.setState({ error });
	}

	override render() {
		if (this.state.error === undefined) return this.props.children;
		return (
			<main class="screen">
				<h1>Backbeat</h1>
				<p role="alert">
					The player stopped because of an error:{" "}
					{this.state.error instanceof Error ? this.state.error.message : String(this.state.error)}
				</p>
				<button type="button" onClick={() => location.reload()}>
					Reload the player
				</button>
			</main>
		);
	}
}
