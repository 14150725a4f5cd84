// Debian's Chromium driven by playwright-core, as the player's tests use it:
// headless, a fresh profile, every request logged, axe-core and screenshots at hand.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env["BACKBEAT_CHROMIUM"] ?? "/usr/bin/chromium";
/** Screenshots land here (gitignored); CI can keep the folder as an artifact. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-results");

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

interface TeardownHost {
	teardown(fn: () => void | Promise<void>): void;
}

export interface LoggedRequest {
	readonly method: string;
	readonly url: string;
	readonly range: string | undefined;
}

export interface BrowserSession {
	readonly context: BrowserContext;
	readonly page: Page;
	/** Every request the page made, in order. */
	readonly requests: LoggedRequest[];
	/** Status of every response, by URL, in order. */
	readonly responses: { url: string; status: number }[];
	/** Uncaught errors in the page. */
	readonly pageErrors: string[];
}

export async function launchBrowser(t: TeardownHost): Promise<BrowserSession> {
	const profile = mkdtempSync(join(tmpdir(), "backbeat-chromium-"));
	t.teardown(() => rmSync(profile, { recursive: true, force: true }));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: DESKTOP,
		args: [
			"--no-sandbox",
			"--disable-gpu",
			"--disable-background-networking",
			"--disable-component-update",
			"--no-first-run",
			// Headless has no user to click play: the test's play button is the gesture, but the stream starts after an await.
			"--autoplay-policy=no-user-gesture-required"
		]
	});
	t.teardown(() => context.close());
	const page = context.pages()[0] ?? (await context.newPage());
	const requests: LoggedRequest[] = [];
	const responses: { url: string; status: number }[] = [];
	const pageErrors: string[] = [];
	context.on("request", request => {
		requests.push({ method: request.method(), url: request.url(), range: request.headers()["range"] });
	});
	context.on("response", response => void responses.push({ url: response.url(), status: response.status() }));
	page.on("pageerror", error => void pageErrors.push(error.message));
	return { context, page, requests, responses, pageErrors };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
	readonly id: string;
	readonly impact: string | null;
	readonly help: string;
	readonly targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (the script is injected inline: no request). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
	if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } }).axe;
		return (await axe.run(document)).violations as {
			id: string;
			impact: string | null;
			help: string;
			nodes: { target: string[] }[];
		}[];
	});
	return violations
		.filter(violation => violation.impact === "serious" || violation.impact === "critical")
		.map(violation => ({
			id: violation.id,
			impact: violation.impact,
			help: violation.help,
			targets: violation.nodes.flatMap(node => node.target)
		}));
}

/** `<name>-desktop.png` and `<name>-375.png` under RESULTS_DIR; the viewport is desktop again afterwards. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
	mkdirSync(RESULTS_DIR, { recursive: true });
	const files: string[] = [];
	for (const [label, size] of [
		["desktop", DESKTOP],
		["375", PHONE]
	] as const) {
		await page.setViewportSize(size);
		const file = join(RESULTS_DIR, `${name}-${label}.png`);
		await page.screenshot({ path: file, fullPage: true });
		files.push(file);
	}
	await page.setViewportSize(DESKTOP);
	return files;
}

/** Whether the page is wider than the viewport (it should never scroll sideways at 375 px). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
	return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
