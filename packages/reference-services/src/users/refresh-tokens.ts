import { createHash, randomBytes, randomUUID } from "node:crypto";
import { BackbeatError, type CallSource, type TransactionScope } from "@backbeat/sdk";
import type { UsersDatabase, UsersTables } from "./database.js";

const digest = (token: string) => createHash("sha256").update(token).digest("base64url");

function refused(message: string): BackbeatError {
	return new BackbeatError("UNAUTHORIZED", message, { data: { field: "refreshToken" } });
}

/** Stores a new refresh token of `familyId` (a new login when omitted) and returns it; only its hash is kept. */
export async function issueRefreshToken(
	tx: TransactionScope<UsersTables>["db"],
	userId: string,
	expiresAt: number,
	familyId: string = randomUUID()
): Promise<string> {
	const token = randomBytes(32).toString("base64url");
	await tx
		.insertInto("refresh_tokens")
		.values({ token_hash: digest(token), family_id: familyId, user_id: userId, expires_at: expiresAt, used_at: null, revoked_at: null })
		.execute();
	return token;
}

/**
 * Spends `token` and issues the next token of its family, in one
 * transaction. A token spent before (stolen, or replayed) revokes every token
 * of its family, committed even though the call is refused.
 */
export async function rotateRefreshToken(
	database: UsersDatabase,
	source: CallSource,
	token: string,
	now: number,
	expiresAt: number
): Promise<{ userId: string; refreshToken: string }> {
	const hash = digest(token);
	const outcome = await database.transaction(source, async tx => {
		const row = await tx.db.selectFrom("refresh_tokens").selectAll().where("token_hash", "=", hash).executeTakeFirst();
		if (!row || row.revoked_at !== null) return { refused: "The refresh token is not valid; sign in again" } as const;
		if (Number(row.expires_at) <= now) return { refused: "The refresh token has expired; sign in again" } as const;
		// Claiming with `used_at is null` makes two concurrent uses of one token one success and one reuse.
		const [claimed] = await tx.db
			.updateTable("refresh_tokens")
			.set({ used_at: now })
			.where("token_hash", "=", hash)
			.where("used_at", "is", null)
			.execute();
		if (Number(claimed?.numUpdatedRows ?? 0n) !== 1) return { reusedFamily: row.family_id } as const;
		return { userId: row.user_id, refreshToken: await issueRefreshToken(tx.db, row.user_id, expiresAt, row.family_id) } as const;
	});
	if ("refused" in outcome) throw refused(outcome.refused);
	if ("reusedFamily" in outcome) {
		await database.db
			.updateTable("refresh_tokens")
			.set({ revoked_at: now })
			.where("family_id", "=", outcome.reusedFamily)
			.where("revoked_at", "is", null)
			.execute();
		throw refused("The refresh token was already used, so this login is revoked; sign in again");
	}
	return outcome;
}
