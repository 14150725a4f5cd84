// signedInUser(ctx): the caller a "my data" action acts for, or UNAUTHORIZED.
import t from "tap";
import { z } from "zod";
import { client, defineContract, defineService, signedInUser } from "../../src/index.js";
import { startTestBroker } from "../../src/testing/index.js";

const Me = defineContract({
	name: "me",
	version: 1,
	actions: { whoAmI: { params: z.object({}), returns: z.object({ id: z.string(), roles: z.array(z.string()) }) } }
});
const me = defineService(Me, { actions: { whoAmI: ctx => ({ ...signedInUser(ctx), roles: [...signedInUser(ctx).roles] }) } });

t.test("answers ctx.meta.user, and refuses a call that carries none", async t => {
	const broker = await startTestBroker(t, { services: [me] });
	t.same(await broker.call("v1.me.whoAmI", {}, { meta: { user: { id: "u-1", roles: ["admin"] } } }), { id: "u-1", roles: ["admin"] });
	await t.rejects(client(broker, Me).whoAmI({}), { code: "UNAUTHORIZED", httpStatus: 401, data: { reason: "NO_USER" } });
	await t.rejects(broker.call("v1.me.whoAmI", {}, { meta: { user: { id: "", roles: [] } } }), { code: "UNAUTHORIZED" });
});
