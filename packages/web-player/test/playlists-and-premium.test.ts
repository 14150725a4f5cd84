// The web player in Debian's Chromium against the platform in embedded mode,
// as a listener who organises and pays: a playlist built from search rows,
// reordered by keyboard and by drag, a stale reorder refused in words, a
// collaborator invited; a declined card then Premium (320 kbit/s, no more
// ads); the notifications badge and list; an expired token refreshed once.
import { startPlatform } from "@backbeat/reference-services";
import { eventually } from "@backbeat/sdk/testing";
import t from "tap";
import { useTemporaryDataDir } from "../../reference-services/test/support/data-dir.js";
import { chromiumMissing, launchBrowser } from "./support/browser.js";
import { apiFromPage, checkScreen, registerByApi, registerInPage } from "./support/screens.js";

if (chromiumMissing && process.env["BACKBEAT_REQUIRE_SERVICES"] !== "1") {
	t.plan(0, chromiumMissing);
	process.exit(0);
}

useTemporaryDataDir(t);
const platform = await startPlatform({ port: 0 });
t.teardown(() => platform.stop());
const { page, requests, pageErrors } = await launchBrowser(t);

interface PlayStarted {
	readonly bitrate: number;
	readonly ad: boolean;
}
const plays: PlayStarted[] = [];
page.on("response", async response => {
	if (response.request().method() === "POST" && response.url().endsWith("/api/plays") && response.ok())
		plays.push((await response.json()) as PlayStarted);
});

const bar = page.getByRole("region", { name: "Player" });
const nav = (name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const results = page.getByRole("list", { name: "Search results" }).getByRole("listitem");
const playlist = { id: "", titles: [] as string[] };

async function playlistOrder(): Promise<string[]> {
	const page_ = await apiFromPage<{ items: { track: { title: string } }[] }>(page, "GET", `/playlists/${playlist.id}/tracks?limit=50`);
	return page_.items.map(item => item.track.title);
}

/** Plays the n-th search result: answers when the service has answered the play and the player bar names it. */
async function playResult(n: number): Promise<string> {
	const title = (await results.nth(n).locator(".title").textContent()) ?? "";
	await Promise.all([
		page.waitForResponse(response => response.request().method() === "POST" && response.url().endsWith("/api/plays")),
		results
			.nth(n)
			.getByRole("button", { name: `Play ${title}` })
			.click()
	]);
	await bar.getByText(`Now playing: ${title}`).waitFor();
	return title;
}

t.test("register and search", async t => {
	await page.goto(platform.url);
	await registerInPage(page, "organiser@example.com", "Organiser");
	await nav("Search").click();
	await page.getByRole("searchbox", { name: "Search tracks" }).fill("the");
	await results.nth(3).waitFor();
	t.ok((await results.count()) >= 4, "enough results to build a playlist");
});

t.test("a playlist: create it, add three tracks from search rows, open it", async t => {
	await nav("Your playlists").click();
	await page.getByLabel("New playlist name").fill("Road trip");
	await page.getByRole("button", { name: "Create playlist" }).click();
	await page.getByRole("list", { name: "Playlists" }).getByRole("button", { name: "Road trip" }).waitFor();
	await nav("Search").click();
	for (let i = 0; i < 3; i++) {
		const row = results.nth(i);
		const title = (await row.locator(".title").textContent()) ?? "";
		await row.getByLabel(`Playlist for ${title}`).selectOption({ label: "Road trip" });
		await row.getByRole("button", { name: `Add ${title} to Road trip` }).click();
		await row.getByRole("status").getByText("Added to Road trip").waitFor();
		playlist.titles.push(title);
	}
	await nav("Your playlists").click();
	await page.getByRole("list", { name: "Playlists" }).getByRole("button", { name: "Road trip" }).click();
	const rows = page.getByRole("list", { name: "Tracks of Road trip" }).locator(".title");
	await rows.nth(2).waitFor();
	t.same(await rows.allTextContents(), playlist.titles, "the playlist lists the three tracks in the order added");
	const mine = await apiFromPage<{ items: { id: string; name: string }[] }>(page, "GET", "/me/playlists");
	playlist.id = mine.items.find(item => item.name === "Road trip")?.id ?? "";
	t.ok(playlist.id, "and the API has it");
	await checkScreen(t, "playlist", page);
});

t.test("reorder by keyboard: Arrow Down on a track's Move handle", async t => {
	const [first, second, third] = playlist.titles as [string, string, string];
	const handle = page.getByRole("button", { name: `Move ${first}, position 1 of 3`, exact: true });
	await handle.focus();
	await page.keyboard.press("ArrowDown");
	await page.getByRole("status").getByText(`Moved ${first} to position 2 of 3.`).waitFor();
	t.same(await playlistOrder(), [second, first, third], "the service has the new order");
	t.equal(
		await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
		`Move ${first}, position 2 of 3`,
		"the keyboard stays on the moved track's handle"
	);
	await page.keyboard.press("ArrowDown");
	await page.getByRole("status").getByText(`Moved ${first} to position 3 of 3.`).waitFor();
	t.same(await playlistOrder(), [second, third, first], "a second press moves it on");
	playlist.titles = [second, third, first];
});

t.test("reorder by drag: the last track dropped on the first", async t => {
	const rows = page.getByRole("list", { name: "Tracks of Road trip" }).locator("li.reorderable");
	const [first, second, third] = playlist.titles as [string, string, string];
	await rows.nth(2).dragTo(rows.nth(0));
	await page.getByRole("status").getByText(`Moved ${third} to position 1 of 3.`).waitFor();
	t.same(await playlistOrder(), [third, first, second], "the service has the dragged order");
	playlist.titles = [third, first, second];
});

t.test("a stale reorder (someone changed the playlist meanwhile) is refused in words, and the playlist reloads", async t => {
	const extra = await apiFromPage<{ tracks: { items: { id: string; title: string }[] } }>(
		page,
		"GET",
		"/search?q=love&type=track&limit=1"
	);
	const added = extra.tracks.items[0];
	t.ok(added, "a track to add from elsewhere");
	// Another tab (here: the API directly) adds a track: the page's snapshot id is now stale.
	await apiFromPage(page, "POST", `/playlists/${playlist.id}/tracks`, { trackIds: [added?.id] });
	const before = requests.length;
	await page.getByRole("button", { name: /^Move .*, position 1 of 3$/ }).focus();
	await page.keyboard.press("ArrowDown");
	const alert = page.getByRole("region", { name: "Your playlists" }).getByRole("alert");
	await alert.waitFor();
	t.equal(
		await alert.textContent(),
		"Someone changed this playlist meanwhile, so your move was not made. The playlist now shows their changes: try again."
	);
	t.ok(
		requests.slice(before).some(request => request.method === "PUT" && request.url.endsWith(`/api/playlists/${playlist.id}/tracks`)),
		"the reorder was sent (and refused with 409)"
	);
	await page.getByRole("list", { name: "Tracks of Road trip" }).locator(".title").nth(3).waitFor();
	t.same(await playlistOrder(), [...playlist.titles, added?.title], "nothing moved; the page shows the four tracks");
	await checkScreen(t, "playlist-stale", page);
});

t.test("invite a collaborator by user id; they are told", async t => {
	const friend = await registerByApi(page, "friend@example.com", "Friend");
	await page.getByLabel("Collaborator's user id").fill(friend.id);
	await page.getByRole("button", { name: "Invite" }).click();
	await page.getByRole("status").getByText("Invited. Road trip now has 1 collaborator.").waitFor();
	const shared = await apiFromPage<{ collaborative: boolean; collaborators: string[] }>(page, "GET", `/playlists/${playlist.id}`);
	t.same(shared.collaborators, [friend.id], "the playlist lists the friend");
	t.ok(shared.collaborative, "and is collaborative");
	await eventually(
		async () => {
			const inbox = await apiFromPage<{ items: { kind: string }[] }>(page, "GET", "/me/notifications", undefined, friend.accessToken);
			return inbox.items.some(item => item.kind === "collaboratorAdded");
		},
		{ timeoutMs: 10_000, intervalMs: 200, what: "the friend's notification" }
	);
	t.pass("the friend has a collaboratorAdded notification");
	await page.getByLabel("Collaborator's user id").fill("no-such-user");
	await page.getByRole("button", { name: "Invite" }).click();
	const refused = page.getByRole("form", { name: "Invite a collaborator" }).getByRole("alert");
	await refused.waitFor();
	t.equal(await refused.textContent(), "There is no user with id 'no-such-user'", "an unknown user id is refused in words");
});

t.test("free plan: every fourth play has an ad, said in the player bar", async t => {
	await nav("Search").click();
	// One track again and again: its audio is made once, so the plays are quick.
	for (let i = 0; i < 4; i++) await playResult(0);
	await eventually(async () => plays.length >= 4, { timeoutMs: 5000, intervalMs: 50, what: "four plays" });
	t.ok(
		plays.some(play => play.ad),
		`an ad came with one of the free plays (${plays.map(play => play.ad).join(", ")})`
	);
	t.ok(
		plays.every(play => play.bitrate === 160),
		"all at 160 kbit/s"
	);
});

t.test("premium: a declined card in words, then a good one: 320 kbit/s and no more ads", async t => {
	await nav("Premium").click();
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
	await nav("Search").click();
	await eventually(
		async () => {
			await playResult(0);
			return (await page.getByTestId("bitrate").textContent()) === "320 kbit/s";
		},
		{ timeoutMs: 10_000, intervalMs: 200, what: "a play at 320 kbit/s" }
	);
	t.pass("the bitrate badge shows 320 kbit/s");
	const premiumFrom = plays.length;
	for (let i = 1; i <= 4; i++) await playResult(0);
	await eventually(async () => plays.length >= premiumFrom + 4, { timeoutMs: 5000, intervalMs: 50, what: "four premium plays" });
	const premiumPlays = plays.slice(premiumFrom - 1);
	t.ok(premiumPlays.length >= 5 && premiumPlays.every(play => !play.ad && play.bitrate === 320), "five premium plays: 320 kbit/s, no ad");
	t.equal(await page.getByTestId("ad").count(), 0, "and the bar says nothing of ads");
});

t.test("notifications: the badge counts unread ones, the list shows them, marking one read counts down", async t => {
	const link = page.getByRole("link", { name: /^Notifications \d+ unread$/ });
	await page.waitForFunction(() => Number(document.querySelector('[data-testid="unread"]')?.textContent) >= 2, undefined, {
		timeout: 10_000
	});
	const unread = Number(/(\d+) unread/.exec((await link.getAttribute("aria-label")) ?? "")?.[1]);
	t.ok(unread >= 2, `${unread} unread: the declined payment and Premium are news`);
	await link.click();
	const items = page.getByRole("list", { name: "Notifications" }).getByRole("listitem");
	await items.nth(1).waitFor();
	const text = (await items.allTextContents()).join("\n");
	t.match(text, /A payment failed/, "the declined payment is listed");
	t.match(text, /Your subscription is active/, "and the subscription");
	await checkScreen(t, "notifications", page);
	await items
		.first()
		.getByRole("button", { name: /^Mark “.*” read$/ })
		.click();
	await page.waitForFunction(n => Number(document.querySelector('[data-testid="unread"]')?.textContent) === n, unread - 1, {
		timeout: 10_000
	});
	t.pass("the badge counts one fewer");
	t.equal(await items.first().getByRole("button").count(), 0, "the read one has no Mark read button any more");
});

t.test("an access token the gateway refuses (401) is refreshed once, and the page goes on", async t => {
	await page.evaluate(() => {
		const session = JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}");
		sessionStorage.setItem("backbeat.session", JSON.stringify({ ...session, accessToken: "expired.or.forged" }));
	});
	const before = requests.length;
	await page.reload();
	// The page's first calls (playlists, subscription, unread count) all meet the 401 together.
	await page.waitForFunction(() => JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}").accessToken !== "expired.or.forged");
	await nav("Your playlists").click();
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
