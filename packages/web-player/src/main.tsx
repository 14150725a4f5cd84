import { render } from "preact";
import { App } from "./app.js";
import { ErrorBoundary } from "./error-boundary.js";

const root = document.getElementById("app");
if (root) {
	root.textContent = "";
	render(
		<ErrorBoundary>
			<App />
		</ErrorBoundary>,
		root
	);
}
