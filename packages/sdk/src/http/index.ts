// The public API of @backbeat/sdk/http: a typed HTTP client of contracts for browsers and other processes.
// Everything this entry imports stays free of Moleculer and `node:` modules, so it bundles for the browser.
export { httpClient } from "./http-client.js";
export type { HttpActionNames, HttpClient, HttpResult } from "./http-client.js";
export { binaryStream } from "../schema/binary-stream.js";
export type { BinaryStreamSchema } from "../schema/binary-stream.js";
export { HttpClientError } from "./http-client-error.js";
export type { HttpClientErrorOptions, HttpRequestInfo } from "./http-client-error.js";
export type { FetchInit, FetchLike, FetchResponse, HttpCallOptions, HttpClientOptions, TokenSource } from "./http-client-options.js";
// A contract module shared with a browser app imports these from here, not from the main entry (which loads Moleculer).
export { defineContract } from "../contract/define-contract.js";
export type { ActionDefinition, Contract, ContractInput, EventDefinition } from "../contract/define-contract.js";
export type { ActionAuth, HttpBinding, HttpBindingObject, HttpMethod, HttpRoute } from "../contract/http-binding.js";
export type { ActionNames, ParamsIn, ResultOut } from "../contract/infer.js";
export { BackbeatError, isBackbeatError } from "../errors/backbeat-error.js";
export { ERROR_CODES } from "../errors/codes.js";
export type { ErrorCode } from "../errors/codes.js";
export { isValidationFailed } from "../errors/validation-failed.js";
export type { FieldIssue, ValidationFailedData } from "../errors/validation-failed.js";
