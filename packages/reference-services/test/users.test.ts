// The users service through the gateway, on SQLite and on PostgreSQL:
// registration, login, rotating refresh tokens, the signed-in user, and the
// refusals (taken email, wrong password, throttled guessing, reused token).
import { client, consume, defineContract, defineService } from "@backbeat/sdk";
import { createGateway, gatewayPort } from "@backbeat/sdk/gateway";
import { httpClient } from "@backbeat/sdk/http";
import { eventually, skipUnlessServer, startTestBroker, testDatabaseUrl } from "@backbeat/sdk/testing";
import type { Test } from "tap";
import t from "tap";
import { UsersContract } from "../src/users/contract.js";
import { openUsersDatabase } from "../src/users/database.js";
import { createUsersService } from "../src/users/service.js";
import { failure } from "./support/failure.js";

const SECRET = "users-test-secret-0123456789-abcdefghijklmnop";

async function startUsers(t: Test, dialect: "sqlite" | "postgres") {
	const database = openUsersDatabase(testDatabaseUrl(t, dialect, "users"));
	t.teardown(() => database.close());
	let clock = Date.parse("2026-12-01T10:00:00Z");
	const registered: string[] = [];
	const Welcome = defineContract({ name: "welcome", version: 1, actions: {} });
	const welcome = defineService(Welcome, {
		actions: {},
		consumers: [consume(UsersContract, database, { registered: async event => void registered.push(event.payload.email) })]
	});
	const broker = await startTestBroker(t, {
		services: [
			createUsersService(database, { jwtSecret: SECRET, now: () => clock, accessTokenTtlSec: 60, refreshTokenTtlSec: 3600 }),
			welcome,
			createGateway({ contracts: [UsersContract], port: 0, auth: { secret: SECRET }, rateLimit: false })
		]
	});
	const baseUrl = `http://127.0.0.1:${gatewayPort(broker)}/api`;
	return {
		database,
		broker,
		registered,
		baseUrl,
		anonymous: httpClient(UsersContract, { baseUrl }),
		as: (token: string) => httpClient(UsersContract, { baseUrl, token }),
		advance: (ms: number) => {
			clock += ms;
		}
	};
}

for (const dialect of ["sqlite", "postgres"] as const) {
	t.test(`users on ${dialect}`, { skip: dialect === "postgres" ? await skipUnlessServer("postgres") : false }, async t => {
		t.test("register, me, rename, log in again; the registered event is published", async t => {
			const { anonymous, as, registered } = await startUsers(t, dialect);
			const session = await anonymous.register({ email: "Ada@Example.com", password: "correct horse", displayName: " Ada " });
			t.same(session.user, { id: session.user.id, email: "Ada@Example.com", displayName: "Ada", plan: "free" });
			t.same(await as(session.accessToken).me({}), session.user);
			t.same(await as(session.accessToken).updateMe({ displayName: "Ada L." }), { ...session.user, displayName: "Ada L." });
			const again = await anonymous.login({ email: "ada@example.COM", password: "correct horse" });
			t.same(again.user, { ...session.user, displayName: "Ada L." }, "the email matches case-insensitively");
			t.not(again.refreshToken, session.refreshToken);
			await eventually(() => registered.length === 1);
			t.same(registered, ["Ada@Example.com"]);
		});

		t.test("refusals: a taken email is 409, bad input 422 naming the field, no token 401", async t => {
			const { anonymous, as, database } = await startUsers(t, dialect);
			await anonymous.register({ email: "bo@example.com", password: "long enough", displayName: "Bo" });
			t.match(await failure(anonymous.register({ email: "BO@example.com", password: "another one", displayName: "Bo 2" })), {
				status: 409,
				code: "CONFLICT",
				data: { field: "email" }
			});
			t.match(await failure(anonymous.register({ email: "not an email", password: "short", displayName: "" })), {
				status: 422,
				data: { issues: [{ path: "email" }, { path: "password" }, { path: "displayName" }] }
			});
			t.match(await failure(anonymous.me({})), { status: 401, code: "UNAUTHORIZED" });
			t.match(await failure(as("not.a.token").me({})), { status: 401 });
			const rows = await database.db.selectFrom("users").select("email").execute();
			t.same(rows, [{ email: "bo@example.com" }], "nothing half-written");
		});

		t.test("a failed login is 401 without saying which part was wrong; guessing is slowed down", async t => {
			const { anonymous, advance } = await startUsers(t, dialect);
			await anonymous.register({ email: "cy@example.com", password: "the real one", displayName: "Cy" });
			const wrongPassword = await failure(anonymous.login({ email: "cy@example.com", password: "a guess" }));
			const unknownEmail = await failure(anonymous.login({ email: "nobody@example.com", password: "a guess" }));
			t.match(wrongPassword, { status: 401, code: "UNAUTHORIZED" });
			t.equal(wrongPassword.message, unknownEmail.message, "the same answer for a wrong password and an unknown email");
			for (let attempt = 2; attempt <= 5; attempt++)
				t.equal((await failure(anonymous.login({ email: "cy@example.com", password: "guess" }))).status, 401);
			const slowed = await failure(anonymous.login({ email: "cy@example.com", password: "the real one" }));
			t.match(slowed, { status: 429, code: "TOO_MANY_REQUESTS", data: { retryAfterSec: 1 } }, "even the right password waits");
			advance(1_000);
			t.equal((await failure(anonymous.login({ email: "cy@example.com", password: "guess 6" }))).status, 401);
			t.match(
				await failure(anonymous.login({ email: "cy@example.com", password: "the real one" })),
				{ data: { retryAfterSec: 2 } },
				"the wait doubles"
			);
			advance(2_000);
			t.equal((await anonymous.login({ email: "cy@example.com", password: "the real one" })).user.email, "cy@example.com");
			t.equal(
				(await failure(anonymous.login({ email: "cy@example.com", password: "guess" }))).status,
				401,
				"a success resets the count"
			);
		});

		t.test("refresh tokens rotate; a reused one is refused and revokes its login, not the others", async t => {
			const { anonymous, as, advance } = await startUsers(t, dialect);
			const first = await anonymous.register({ email: "di@example.com", password: "password 1", displayName: "Di" });
			const otherLogin = await anonymous.login({ email: "di@example.com", password: "password 1" });
			const second = await anonymous.refresh({ refreshToken: first.refreshToken });
			t.not(second.refreshToken, first.refreshToken);
			t.equal((await as(second.accessToken).me({})).email, "di@example.com");
			const third = await anonymous.refresh({ refreshToken: second.refreshToken });
			t.match(await failure(anonymous.refresh({ refreshToken: first.refreshToken })), {
				status: 401,
				message: /already used/,
				data: { field: "refreshToken" }
			});
			t.match(await failure(anonymous.refresh({ refreshToken: third.refreshToken })), { status: 401 }, "the whole family is revoked");
			t.ok((await anonymous.refresh({ refreshToken: otherLogin.refreshToken })).accessToken, "another login is untouched");
			t.match(await failure(anonymous.refresh({ refreshToken: "made-up" })), { status: 401, message: /not valid/ });
			const late = await anonymous.login({ email: "di@example.com", password: "password 1" });
			advance(3_600_000);
			t.match(await failure(anonymous.refresh({ refreshToken: late.refreshToken })), { status: 401, message: /expired/ });
		});

		t.test("getUser answers other services; an unknown id is NOT_FOUND", async t => {
			const { anonymous, broker } = await startUsers(t, dialect);
			const { user } = await anonymous.register({ email: "ed@example.com", password: "password 1", displayName: "Ed" });
			const users = client(broker, UsersContract);
			t.same(await users.getUser({ id: user.id }), user);
			await t.rejects(users.getUser({ id: "nope" }), { code: "NOT_FOUND" });
		});
	});
}
