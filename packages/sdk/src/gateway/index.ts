// The public API of @backbeat/sdk/gateway: the HTTP front door on moleculer-web (an optional peer dependency).
export { createGateway, gatewayPort } from "./create-gateway.js";
export { GATEWAY_DEFAULTS } from "./gateway-options.js";
export type { CorsOptions, GatewayOptions } from "./gateway-options.js";
export { createTokenVerifier, JWT_DEFAULTS, PUBLIC_KEY_ALGORITHMS } from "./jwt-verifier.js";
export type { JwtOptions, PublicKeyAlgorithm, TokenVerifier } from "./jwt-verifier.js";
export { issueToken, ISSUE_TOKEN_DEFAULTS } from "./issue-token.js";
export type { IssueTokenOptions } from "./issue-token.js";
export { openApiDocument } from "./openapi.js";
export type {
	OpenApiDocument,
	OpenApiInfo,
	OpenApiMediaType,
	OpenApiMethod,
	OpenApiOperation,
	OpenApiOptions,
	OpenApiParameter,
	OpenApiResponse
} from "./openapi.js";
export { RATE_LIMIT_DEFAULTS } from "./rate-limit.js";
export type { RateBudget, RateLimitOptions } from "./rate-limit.js";
export type { AuthUser } from "../context/auth-user.js";
