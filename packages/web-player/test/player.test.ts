// The web player in Debian's Chromium against the whole platform in embedded
// mode (one process, SQLite in a temporary folder): register, search, play
// (Range requests, the audio advancing), like, a playlist, a declined card then
// Premium at 320 kbit/s, the notifications badge; axe-core on every main
// screen, screenshots at desktop and 375 px, and no request to any other host.
import { startPlatform } from "@backbeat/reference-services";
import { eventually } from "@backbeat/sdk/testing";
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { useTemporaryDataDir } from "../../reference-services/test/support/data-dir.js";
import { chromiumMissing, launchBrowser, overflowsHorizontally, screenshots, seriousViolations } from "./support/browser.js";

if (chromiumMissing && process.env["BACKBEAT_REQUIRE_SERVICES"] !== "1") {
	t.plan(0, chromiumMissing);
	process.exit(0);
}

useTemporaryDataDir(t);
const platform = await startPlatform({ port: 0 });
t.teardown(() => platform.stop());
const { page, requests, responses, pageErrors } = await launchBrowser(t);

/** axe-core finds nothing serious on the screen, nothing scrolls sideways at 375 px, and both screenshots are saved. */
async function checkScreen(t: Test, name: string, page: Page) {
	t.same(await seriousViolations(page), [], `${name}: no serious or critical axe-core violation`);
	const files = await screenshots(page, name);
	await page.setViewportSize({ width: 375, height: 740 });
	t.notOk(await overflowsHorizontally(page), `${name}: no sideways scrolling at 375 px`);
	await page.setViewportSize({ width: 1280, height: 800 });
	t.equal(files.length, 2, `${name}: screenshots ${files.map(file => file.split("/").pop()).join(", ")}`);
}

const title = { value: "" };

t.test("register", async t => {
	await page.goto(platform.url);
	await page.getByRole("heading", { name: "Create your account" }).waitFor();
	await checkScreen(t, "register", page);
	await page.getByLabel("Email").fill("listener@example.com");
	await page.getByLabel("Password").fill("short");
	await page.getByLabel("Display name").fill("Listener");
	await page.getByLabel("Password").fill("a good password");
	await page.getByRole("button", { name: "Create account" }).click();
	await page.getByRole("searchbox", { name: "Search tracks" }).waitFor();
	t.ok(await page.getByText("Listener").isVisible(), "signed in as the new user");
});

t.test("search: results as you type", async t => {
	await page.getByRole("searchbox", { name: "Search tracks" }).pressSequentially("lo", { delay: 30 });
	const results = page.getByRole("list", { name: "Search results" }).getByRole("listitem");
	await results.first().waitFor();
	t.ok((await results.count()) > 0, "tracks found for 'lo'");
	title.value = (await results.first().locator(".title").textContent()) ?? "";
	t.ok(title.value.length > 0, `the first result is '${title.value}'`);
	await checkScreen(t, "search", page);
});

t.test("play: the audio advances, fetched with Range requests, and the bar announces it", async t => {
	await page
		.getByRole("button", { name: `Play ${title.value}` })
		.first()
		.click();
	const bar = page.getByRole("region", { name: "Player" });
	await bar.getByText(`Now playing: ${title.value}`).waitFor();
	t.equal(await bar.locator("[aria-live]").getAttribute("aria-live"), "polite", "announced politely");
	t.equal(await page.getByTestId("bitrate").textContent(), "160 kbit/s", "the free plan's bitrate");
	await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
	t.pass("the audio element's currentTime advanced past 0.5 s");
	const streamed = requests.filter(request => request.url.includes("/api/stream/"));
	t.ok(
		streamed.some(request => request.range?.startsWith("bytes=")),
		`the browser asked with Range (${streamed.map(r => r.range).join("; ")})`
	);
	t.ok(
		responses.some(response => response.url.includes("/api/stream/") && response.status === 206),
		"and the server answered 206 Partial Content"
	);
	t.ok(
		requests.some(request => request.method === "POST" && request.url.endsWith("/api/plays")),
		"the play was started with POST /api/plays"
	);
});

t.test("like: aria-pressed follows, and the library has it", async t => {
	const like = page.getByRole("button", { name: `Like ${title.value}` }).first();
	t.equal(await like.getAttribute("aria-pressed"), "false");
	await like.click();
	await page.waitForFunction(
		name => document.querySelector(`button[aria-label="Like ${CSS.escape(name)}"]`)?.getAttribute("aria-pressed") === "true",
		title.value
	);
	const saved = await page.evaluate(async () => {
		const { accessToken } = JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}");
		const res = await fetch("/api/me/tracks", { headers: { authorization: `Bearer ${accessToken}` } });
		return ((await res.json()) as { total: number }).total;
	});
	t.equal(saved, 1, "GET /api/me/tracks has the liked track");
});

t.test("playlists: create one, add a track from a row, see it there", async t => {
	await page.getByRole("button", { name: "Your playlists" }).click();
	await page.getByLabel("New playlist name").fill("Road trip");
	await page.getByRole("button", { name: "Create playlist" }).click();
	await page.getByRole("list", { name: "Playlists" }).getByRole("button", { name: "Road trip" }).waitFor();
	await page.getByRole("button", { name: "Search", exact: true }).click();
	const row = page.getByRole("list", { name: "Search results" }).getByRole("listitem").first();
	await row.getByLabel(`Playlist for ${title.value}`).selectOption({ label: "Road trip" });
	await row.getByRole("button", { name: `Add ${title.value} to Road trip` }).click();
	await row.getByRole("status").getByText("Added to Road trip").waitFor();
	await page.getByRole("button", { name: "Your playlists" }).click();
	await page.getByRole("list", { name: "Playlists" }).getByRole("button", { name: "Road trip" }).click();
	await page.getByRole("list", { name: "Tracks of Road trip" }).getByText(title.value, { exact: true }).waitFor();
	t.pass("the playlist lists the added track");
	await checkScreen(t, "playlists", page);
});

t.test("premium: a declined card in words, then a good one and 320 kbit/s", async t => {
	await page.getByRole("button", { name: "Premium" }).click();
	await page.getByRole("form", { name: "Checkout" }).waitFor();
	await checkScreen(t, "premium", page);
	await page.getByLabel("Card number").fill("4000000000000002");
	await page.getByLabel("CVC").fill("123");
	await page.getByRole("button", { name: "Upgrade to Premium" }).click();
	const alert = page.getByRole("region", { name: "Premium" }).getByRole("alert");
	await alert.waitFor();
	t.equal(await alert.textContent(), "Your card was declined. Try another card.");
	await page.getByLabel("Card number").fill("4242424242424242");
	await page.getByRole("button", { name: "Upgrade to Premium" }).click();
	await page.getByText(/Welcome to Premium/).waitFor();
	t.ok(await page.getByText("You have Premium.").isVisible());
	// The streaming service learns the plan from payments' event: the next play is premium once it has arrived.
	await page.getByRole("button", { name: "Search", exact: true }).click();
	await eventually(
		async () => {
			const started = page.waitForResponse(response => response.url().endsWith("/api/plays"));
			await page
				.getByRole("button", { name: `Play ${title.value}` })
				.first()
				.click();
			await started;
			await page.getByTestId("bitrate").waitFor();
			return (await page.getByTestId("bitrate").textContent()) === "320 kbit/s";
		},
		{ timeoutMs: 10_000, intervalMs: 200, what: "a play at 320 kbit/s" }
	);
	t.pass("the bitrate badge shows 320 kbit/s");
});

t.test("notifications: the badge counts unread ones", async t => {
	const badge = page.getByRole("status", { name: /unread notifications/ });
	await page.waitForFunction(
		() => Number(document.querySelector('[data-testid="unread"]')?.textContent?.replace(/\D/g, "")) >= 1,
		undefined,
		{ timeout: 10_000 }
	);
	t.match(await badge.getAttribute("aria-label"), /^[1-9]\d* unread notifications$/, "the declined payment and Premium are news");
});

t.test("an access token the gateway refuses (401) is refreshed once, and the page goes on", async t => {
	await page.evaluate(() => {
		const session = JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}");
		sessionStorage.setItem("backbeat.session", JSON.stringify({ ...session, accessToken: "expired.or.forged" }));
	});
	const before = requests.length;
	await page.reload();
	// The page's first calls (playlists, subscription, unread count) all meet the 401 together.
	await page.getByRole("status", { name: /unread notifications/ }).waitFor();
	await page.waitForFunction(() => JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}").accessToken !== "expired.or.forged");
	await page.getByRole("button", { name: "Your playlists" }).click();
	await page.getByRole("list", { name: "Playlists" }).getByRole("button", { name: "Road trip" }).waitFor();
	t.pass("signed in still, with the playlists loaded");
	const refreshes = requests.slice(before).filter(request => request.url.endsWith("/api/auth/refresh"));
	t.equal(refreshes.length, 1, "one refresh for all the calls that failed");
	t.equal(await page.getByRole("alert").count(), 0, "no error shown");
});

t.test("the page asked nothing of any other host, and threw nothing", async t => {
	const origin = new URL(platform.url).origin;
	const foreign = requests.filter(request => !request.url.startsWith("data:") && new URL(request.url).origin !== origin);
	t.same(foreign, [], `every one of ${requests.length} requests went to ${origin}`);
	t.same(pageErrors, [], "no uncaught error in the page");
});
