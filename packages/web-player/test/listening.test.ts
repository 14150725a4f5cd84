// The web player in Debian's Chromium against the whole platform in embedded
// mode (one process, SQLite in a temporary folder), as a listener uses it:
// register, home shelves, search, an artist's and an album's page, play with a
// queue (next, previous), seek, like, recommendations after plays, the trace
// link, errors in words (a network failure, 429 on repeated wrong passwords);
// axe-core on every main screen, screenshots at desktop and 375 px, and no
// request to any other host.
import { startPlatform } from "@backbeat/reference-services";
import t from "tap";
import { useTemporaryDataDir } from "../../reference-services/test/support/data-dir.js";
import { chromiumMissing, launchBrowser } from "./support/browser.js";
import { apiFromPage, checkScreen, registerInPage } from "./support/screens.js";

if (chromiumMissing && process.env["BACKBEAT_REQUIRE_SERVICES"] !== "1") {
	t.plan(0, chromiumMissing);
	process.exit(0);
}

useTemporaryDataDir(t);
const platform = await startPlatform({ port: 0 });
t.teardown(() => platform.stop());
const { context, page, requests, responses, pageErrors } = await launchBrowser(t);

const bar = page.getByRole("region", { name: "Player" });
const nav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const nowPlaying = () => bar.locator("[aria-live]").textContent();
const audioTime = () => page.evaluate(() => document.querySelector("audio")?.currentTime ?? 0);
const found = { title: "", artist: "" };

t.test("register, then the home screen's shelves", async t => {
	await page.goto(platform.url);
	await page.getByRole("heading", { name: "Create your account" }).waitFor();
	await checkScreen(t, "register", page);
	await registerInPage(page, "listener@example.com", "Listener");
	t.ok(await page.getByText("Listener").isVisible(), "signed in as the new user");
	await page.getByRole("list", { name: "Made for you" }).getByRole("listitem").first().waitFor();
	t.ok((await page.getByRole("list", { name: "Made for you" }).getByRole("listitem").count()) > 0, "Made for you has tracks");
	t.ok((await page.getByRole("list", { name: "Your weekly mix" }).getByRole("listitem").count()) > 0, "the weekly mix has tracks");
	t.equal(await page.getByRole("heading", { name: /^Similar to / }).count(), 0, "no 'Similar to' shelf before a first play");
	await checkScreen(t, "home", page);
});

t.test("search: results as you type", async t => {
	await nav("Search").click();
	await page.getByRole("searchbox", { name: "Search tracks" }).pressSequentially("lo", { delay: 30 });
	const results = page.getByRole("list", { name: "Search results" }).getByRole("listitem");
	await results.first().waitFor();
	t.ok((await results.count()) > 0, "tracks found for 'lo'");
	found.title = (await results.first().locator(".title").textContent()) ?? "";
	found.artist = (await results.first().locator(".meta a").first().textContent()) ?? "";
	t.ok(found.title.length > 0 && found.artist.length > 0, `the first result is '${found.title}' by ${found.artist}`);
	await checkScreen(t, "search", page);
});

t.test("an artist's page and an album's page", async t => {
	await page.getByRole("list", { name: "Search results" }).getByRole("link", { name: found.artist }).first().click();
	await page.getByRole("heading", { level: 2, name: found.artist }).waitFor();
	t.match(page.url(), /#\/artist\//, "the artist's page has its own address");
	const popular = page.getByRole("list", { name: `Popular tracks of ${found.artist}` }).getByRole("listitem");
	await popular.first().waitFor();
	t.ok((await popular.count()) >= 3, `the artist has popular tracks (${await popular.count()})`);
	const albums = page.getByRole("list", { name: `Albums of ${found.artist}` }).getByRole("link");
	t.ok((await albums.count()) > 0, "and albums");
	await checkScreen(t, "artist", page);

	const albumTitle = (await albums.first().textContent()) ?? "";
	await albums.first().click();
	await page.getByRole("heading", { level: 2, name: albumTitle }).waitFor();
	const tracks = page.getByRole("list", { name: `Tracks of ${albumTitle}` }).getByRole("listitem");
	await tracks.first().waitFor();
	t.ok((await tracks.count()) > 0, `the album '${albumTitle}' lists its tracks`);
	t.ok(await page.getByRole("main").getByRole("link", { name: found.artist }).first().isVisible(), "and links back to the artist");
	await checkScreen(t, "album", page);
	await page.goBack();
	await page.getByRole("heading", { level: 2, name: found.artist }).waitFor();
	t.pass("back goes to the artist's page again");
});

t.test("play from the artist's popular tracks: Range requests, the audio advances, next and previous walk the queue", async t => {
	const popular = page.getByRole("list", { name: `Popular tracks of ${found.artist}` }).getByRole("listitem");
	const titles = await popular.locator(".title").allTextContents();
	const before = requests.length;
	await popular
		.first()
		.getByRole("button", { name: `Play ${titles[0]}` })
		.click();
	await bar.getByText(`Now playing: ${titles[0]} by ${found.artist}`).waitFor();
	t.equal(await bar.locator("[aria-live]").getAttribute("aria-live"), "polite", "the bar announces the track politely");
	t.equal(await page.getByTestId("bitrate").textContent(), "160 kbit/s", "the free plan's bitrate");
	await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
	t.pass("the audio element's currentTime advanced past 0.5 s");
	const streamed = requests.slice(before).filter(request => request.url.includes("/api/stream/"));
	t.ok(
		streamed.some(request => request.range?.startsWith("bytes=")),
		`the browser asked with Range (${streamed.map(r => r.range).join("; ")})`
	);
	t.ok(
		responses.some(response => response.url.includes("/api/stream/") && response.status === 206),
		"and the server answered 206 Partial Content"
	);
	t.equal(await bar.getByRole("button", { name: "Previous track" }).isDisabled(), true, "no previous track at the queue's start");

	await bar.getByRole("button", { name: "Next track" }).click();
	await bar.getByText(`Now playing: ${titles[1]}`).waitFor();
	t.pass(`Next track plays the queue's second track, '${titles[1]}'`);
	await bar.getByRole("button", { name: "Previous track" }).click();
	await bar.getByText(`Now playing: ${titles[0]}`).waitFor();
	t.pass("Previous track goes back to the first");
	const skips = requests.slice(before).filter(request => request.method === "POST" && /\/api\/plays\/[^/]+\/skip$/.test(request.url));
	t.equal(skips.length, 2, "each track left before its end was reported as a skip");

	await bar.getByRole("button", { name: "Pause" }).click();
	await page.waitForFunction(() => document.querySelector("audio")?.paused === true);
	t.ok(await bar.getByRole("button", { name: "Play", exact: true }).isVisible(), "the play/pause button says what it will do");
	await bar.getByRole("button", { name: "Play", exact: true }).click();
	await page.waitForFunction(() => document.querySelector("audio")?.paused === false);
});

t.test("seek: the slider moves the audio, and the browser fetches from the new place with Range", async t => {
	// A slow line (32 KiB/s, about 1.6× the stream) keeps most of a track unfetched, as on a phone: a seek far ahead must ask for it.
	const cdp = await context.newCDPSession(page);
	await cdp.send("Network.enable");
	await cdp.send("Network.emulateNetworkConditions", {
		offline: false,
		latency: 20,
		downloadThroughput: 32 * 1024,
		uploadThroughput: 256 * 1024
	});
	t.teardown(() =>
		cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
	);
	const popular = page.getByRole("list", { name: `Popular tracks of ${found.artist}` }).getByRole("listitem");
	const title = (await popular.nth(2).locator(".title").textContent()) ?? "";
	await popular
		.nth(2)
		.getByRole("button", { name: `Play ${title}` })
		.click();
	await bar.getByText(`Now playing: ${title}`).waitFor();
	await page.waitForFunction(() => (document.querySelector("audio")?.currentTime ?? 0) > 0.2, undefined, { timeout: 20_000 });
	const seek = bar.getByRole("slider", { name: "Seek" });
	const max = Number(await seek.getAttribute("max"));
	t.ok(max >= 20, `the slider spans the track (${max} s)`);
	const target = max - 4;
	const before = requests.length;
	await seek.fill(String(target));
	await page.waitForFunction(at => (document.querySelector("audio")?.currentTime ?? 0) >= at, target, { timeout: 20_000 });
	t.ok((await audioTime()) >= target, `the audio moved to ${target} s`);
	t.match(await seek.getAttribute("aria-valuetext"), /^\d+:\d\d of \d+:\d\d$/, "the slider tells its place in words");
	const after = requests.slice(before).filter(request => request.url.includes("/api/stream/"));
	const starts = after.map(request => Number(/^bytes=(\d+)-/.exec(request.range ?? "")?.[1] ?? 0));
	t.ok(
		starts.some(start => start > 0),
		`after the seek the browser asked for bytes from the middle (${after.map(r => r.range).join("; ")})`
	);
	await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

	// Let the track play out: its play is reported complete and the queue's next track starts by itself.
	const next = (await popular.nth(3).locator(".title").textContent()) ?? "";
	await bar.getByText(`Now playing: ${next}`).waitFor({ timeout: 20_000 });
	t.ok(
		requests.slice(before).some(request => request.method === "POST" && /\/api\/plays\/[^/]+\/complete$/.test(request.url)),
		`at the end the play was reported complete and '${next}' followed`
	);
});

t.test("like: aria-pressed follows, and the library has it", async t => {
	const like = page.getByRole("button", { name: `Like ${found.title}` }).first();
	await nav("Search").click();
	t.equal(await like.getAttribute("aria-pressed"), "false");
	await like.click();
	await page.waitForFunction(
		name => document.querySelector(`button[aria-label="Like ${CSS.escape(name)}"]`)?.getAttribute("aria-pressed") === "true",
		found.title
	);
	const saved = await apiFromPage<{ total: number; items: { track: { id: string } }[] }>(page, "GET", "/me/tracks");
	t.equal(saved.total, 1, "GET /api/me/tracks has the liked track");
});

t.test("recommendations: after plays, a 'Similar to' shelf for the last track, and Made for you without the liked track", async t => {
	const last = (await nowPlaying())?.replace(/^Now playing: (.*) by .*$/, "$1") ?? "";
	await nav("Home").click();
	const similar = page.getByRole("list", { name: `Similar to ${last}` }).getByRole("listitem");
	await similar.first().waitFor();
	t.ok((await similar.count()) > 0, `'Similar to ${last}' has ${await similar.count()} tracks`);
	const similarTitles = await similar.locator(".title").allTextContents();
	t.notOk(similarTitles.includes(last), "and not the track itself");
	const forYou = await page.getByRole("list", { name: "Made for you" }).locator(".title").allTextContents();
	t.notOk(forYou.includes(found.title), "Made for you leaves out the liked track");
	await checkScreen(t, "home-after-plays", page);
});

t.test("in embedded mode, a link opens the waterfall of the last request", async t => {
	await nav("Search").click();
	// Paused, the player reports no progress, so the like below stays the last request.
	if (await bar.getByRole("button", { name: "Pause" }).isVisible()) await bar.getByRole("button", { name: "Pause" }).click();
	const row = page.getByRole("list", { name: "Search results" }).getByRole("listitem").nth(1);
	const title = (await row.locator(".title").textContent()) ?? "";
	const [liked] = await Promise.all([
		page.waitForResponse(response => response.request().method() === "PUT" && response.url().endsWith("/api/me/tracks")),
		row.getByRole("button", { name: `Like ${title}` }).click()
	]);
	const traceId = (await liked.headerValue("x-trace-id")) ?? "";
	t.match(traceId, /^[0-9a-f]{32}$/, "the like's answer names its trace");
	const link = page.getByRole("link", { name: "Trace of the last request" });
	await page.waitForFunction(id => document.querySelector("footer.trace a")?.getAttribute("href")?.includes(id), traceId);
	const [waterfall] = await Promise.all([context.waitForEvent("page"), link.click()]);
	await waterfall.waitForLoadState();
	const text = (await waterfall.textContent("body")) ?? "";
	t.match(text, /PUT \/api\/me\/tracks/, "the waterfall is the like's request");
	t.match(text, /library\/saveTracks/, "down to the library service's span");
	await waterfall.close();
});

t.test("a network failure is said in words, and the page goes on afterwards", async t => {
	await nav("Search").click();
	await context.setOffline(true);
	await page
		.getByRole("button", { name: `Like ${found.title}` })
		.first()
		.click();
	const alert = page.getByRole("list", { name: "Search results" }).getByRole("alert").first();
	await alert.waitFor();
	t.equal(await alert.textContent(), "Can't reach Backbeat. Check your connection and try again.");
	await context.setOffline(false);
	await page
		.getByRole("button", { name: `Like ${found.title}` })
		.first()
		.click();
	await page.waitForFunction(
		name => document.querySelector(`button[aria-label="Like ${CSS.escape(name)}"]`)?.getAttribute("aria-pressed") === "false",
		found.title
	);
	t.pass("online again, unliking works");
});

t.test("repeated wrong passwords: 401 in the service's words, then 429 with the wait", async t => {
	await page.getByRole("button", { name: "Log out" }).click();
	await page.getByRole("button", { name: "I have an account: log in" }).click();
	await page.getByLabel("Email").fill("listener@example.com");
	const alert = page.getByRole("alert");
	let said = "";
	for (let attempt = 0; attempt < 8 && !said.startsWith("Too many"); attempt++) {
		await page.getByLabel("Password").fill(`wrong password ${attempt}`);
		await page.getByRole("button", { name: "Log in" }).click();
		await alert.waitFor();
		await page.waitForFunction(() => !(document.querySelector("form button[type=submit]") as HTMLButtonElement).disabled);
		said = (await alert.textContent()) ?? "";
		if (attempt === 0) t.equal(said, "The email or password is wrong", "a wrong password says so");
	}
	t.match(said, /^Too many tries\. Wait \d+ seconds? and try again\.$/, "the throttle's 429 says how long to wait");
	await checkScreen(t, "login", page);
});

t.test("the page asked nothing of any other host, and threw nothing", async t => {
	const origin = new URL(platform.url).origin;
	const foreign = requests.filter(request => !request.url.startsWith("data:") && new URL(request.url).origin !== origin);
	t.same(foreign, [], `every one of ${requests.length} requests went to ${origin}`);
	t.same(pageErrors, [], "no uncaught error in the page");
});
