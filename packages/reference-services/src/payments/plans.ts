import type { z } from "zod";
import type { PlanInfo } from "./contract.js";

/** The plans, as `GET /api/plans` lists them; the streaming service serves each plan's bitrate and ads from here. */
export const PLANS = [
	{ id: "free", name: "Free", priceCents: 0, currency: "EUR", interval: "month", bitrateKbps: 160, ads: true },
	{ id: "premium", name: "Premium", priceCents: 999, currency: "EUR", interval: "month", bitrateKbps: 320, ads: false }
] as const satisfies readonly z.input<typeof PlanInfo>[];
