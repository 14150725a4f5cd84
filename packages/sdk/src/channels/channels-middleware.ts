import Channels from "@moleculer/channels";
import type { Middleware } from "moleculer";
import type { ChannelAdapter } from "./resolve-adapter.js";

/** @moleculer/channels' middleware on an adapter Backbeat configured (its types only admit names and configs). */
export function channelsMiddleware(adapter: ChannelAdapter): Middleware {
	const options = {
		adapter: adapter as unknown as string,
		schemaProperty: "channels",
		sendMethodName: "sendToChannel",
		adapterPropertyName: "channelAdapter",
		channelHandlerTrigger: "emitLocalChannelHandler",
		// Handlers get the message, not a Moleculer Context: the envelope carries what they need.
		context: false
	};
	return Channels.Middleware(options) as unknown as Middleware;
}
