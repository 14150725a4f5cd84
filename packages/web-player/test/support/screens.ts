// Steps both player test files take: check a screen (axe-core, 375 px, screenshots), register, sign in as another user by API.
import type { Page } from "playwright-core";
import type { Test } from "tap";
import { overflowsHorizontally, screenshots, seriousViolations } from "./browser.js";

/** axe-core finds nothing serious on the screen, nothing scrolls sideways at 375 px, and both screenshots are saved. */
export async function checkScreen(t: Test, name: string, page: Page): Promise<void> {
	t.same(await seriousViolations(page), [], `${name}: no serious or critical axe-core violation`);
	const files = await screenshots(page, name);
	await page.setViewportSize({ width: 375, height: 740 });
	t.notOk(await overflowsHorizontally(page), `${name}: no sideways scrolling at 375 px`);
	await page.setViewportSize({ width: 1280, height: 800 });
	t.equal(files.length, 2, `${name}: screenshots ${files.map(file => file.split("/").pop()).join(", ")}`);
}

/** Registers through the page's form and waits for the signed-in home screen. */
export async function registerInPage(page: Page, email: string, displayName: string): Promise<void> {
	await page.getByRole("heading", { name: "Create your account" }).waitFor();
	await page.getByLabel("Email").fill(email);
	await page.getByLabel("Password").fill("a good password");
	await page.getByLabel("Display name").fill(displayName);
	await page.getByRole("button", { name: "Create account" }).click();
	await page.getByRole("heading", { name: "Home" }).waitFor();
}

/** Calls the platform's API from the page, as the signed-in user of the page (or with the given token). */
export async function apiFromPage<T>(page: Page, method: string, path: string, body?: unknown, token?: string): Promise<T> {
	return page.evaluate(
		async ({ method, path, body, token }) => {
			const session = JSON.parse(sessionStorage.getItem("backbeat.session") ?? "{}") as { accessToken?: string };
			const headers: Record<string, string> = { authorization: `Bearer ${token ?? session.accessToken}` };
			if (body !== undefined) headers["content-type"] = "application/json";
			const init: RequestInit = { method, headers };
			if (body !== undefined) init.body = JSON.stringify(body);
			const response = await fetch(`/api${path}`, init);
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
			return (text ? JSON.parse(text) : undefined) as never;
		},
		{ method, path, body, token }
	);
}

/** Registers another user through the API (not the page) and answers their id and access token. */
export async function registerByApi(page: Page, email: string, displayName: string): Promise<{ id: string; accessToken: string }> {
	const tokens = await page.evaluate(
		async ({ email, displayName }) => {
			const response = await fetch("/api/auth/register", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ email, password: "a good password", displayName })
			});
			if (!response.ok) throw new Error(`register: ${response.status} ${await response.text()}`);
			return (await response.json()) as { accessToken: string; user: { id: string } };
		},
		{ email, displayName }
	);
	return { id: tokens.user.id, accessToken: tokens.accessToken };
}
