// The public API of @backbeat/sdk. Everything not listed here is internal.
export { defineContract, actionName, eventName } from "./contract/define-contract.js";
export type { Contract, ActionDefinition, EventDefinition, ContractInput } from "./contract/define-contract.js";
export { HTTP_METHODS } from "./contract/http-binding.js";
export type { ActionAuth, HttpBinding, HttpBindingObject, HttpMethod, HttpRoute, PathParams } from "./contract/http-binding.js";
export type { ActionNames, EventNames, ParamsIn, ParamsOut, ResultIn, ResultOut, PayloadIn, PayloadOut } from "./contract/infer.js";

export { defineService } from "./service/define-service.js";
export type {
	ActionHandler,
	ActionHandlers,
	MigratableDatabase,
	ServiceDefinition,
	ServiceImplementation
} from "./service/define-service.js";
export type { HandlerContext } from "./context/handler-context.js";
export { signedInUser } from "./context/auth-user.js";
export { setHttpResponse } from "./context/http-response.js";
export { idempotencyKeyOf } from "./idempotency/key-of.js";
export type { HttpResponseShape } from "./context/http-response.js";
export { binaryStream } from "./schema/binary-stream.js";
export type { BinaryStreamSchema } from "./schema/binary-stream.js";
export type { AuthUser, BackbeatMeta } from "./context/auth-user.js";

export { client } from "./client/client.js";
export type { Client } from "./client/client.js";
export type { CallOptions } from "./client/call-options.js";
export type { CallSource } from "./context/call-source.js";

export { emitter } from "./events/emitter.js";
export type { Emitter } from "./events/emitter.js";
export { on } from "./events/subscription.js";
export type { EventHandler, EventHandlers, Subscription, SubscriptionOptions } from "./events/subscription.js";

export { openDatabase } from "./outbox/open-database.js";
export type { Database } from "./outbox/open-database.js";
export { DATABASE_DEFAULTS } from "./storage/database.js";
export type { DatabaseOptions } from "./storage/database.js";
export type { Migration, Dialect } from "./storage/migrations.js";
export type { TransactionScope } from "./outbox/transaction-scope.js";
export type { EventEnvelope } from "./outbox/envelope.js";
export type { PublishOptions } from "./outbox/publish.js";
export { createRelay } from "./outbox/relay.js";
export type { Relay } from "./outbox/relay.js";
export type { ChannelBroker } from "./outbox/row-publisher.js";
export type { OutboxStats } from "./outbox/outbox-stats.js";
export { RELAY_DEFAULTS } from "./outbox/relay-options.js";
export type { RelayOptions } from "./outbox/relay-options.js";
export { consume } from "./inbox/consume.js";
export type { Consumer, ConsumerHandlers, ReplayResult } from "./inbox/consume.js";
export type { ConsumedEvent, EventConsumer } from "./inbox/handle-event.js";
export type { DeadLetter } from "./inbox/dead-letters.js";
export { DEAD_LETTER_ACTIONS, deadLetterGroupsOf } from "./inbox/dead-letter-actions.js";
export type { DeadLetterListParams, DeadLetterReplayParams } from "./inbox/dead-letter-actions.js";
export { CONSUMER_DEFAULTS } from "./inbox/consumer-options.js";
export type { ConsumerOptions } from "./inbox/consumer-options.js";
export { CHANNEL_DEFAULTS } from "./channels/channel-options.js";
export type { ChannelOptions } from "./channels/channel-options.js";

export { BackbeatError, isBackbeatError } from "./errors/backbeat-error.js";
export type { BackbeatErrorOptions } from "./errors/backbeat-error.js";
export { ERROR_CODES } from "./errors/codes.js";
export type { ErrorCode } from "./errors/codes.js";
export { toBackbeatError } from "./errors/normalize.js";
export { isValidationFailed } from "./errors/validation-failed.js";
export type { ValidationFailedData, ValidatedPart, FieldIssue } from "./errors/validation-failed.js";

export { createBroker } from "./broker/create-broker.js";
export { BROKER_DEFAULTS } from "./broker/broker-options.js";
export type { BrokerOptions } from "./broker/broker-options.js";
export type { LogLevel } from "./config/log-levels.js";
export type { BackbeatBroker, TcpAddress } from "./broker/backbeat-broker.js";
export type { NatsClientOptions, TransportOptions } from "./broker/transporters/resolve.js";

export type { Schema, Input, Output } from "./schema/standard-schema.js";
export { validateOrThrow } from "./schema/validate-or-throw.js";

export type { ResilienceOptions, RetryOptions } from "./resilience/resilience-options.js";
export { RESILIENCE_DEFAULTS } from "./resilience/resilience-options.js";
export type { RetryBudgetOptions } from "./resilience/retry-budget.js";
export type { CircuitBreakerOptions, CircuitState } from "./resilience/circuit-breaker.js";
export type { BackoffOptions } from "./resilience/backoff.js";
export type { Clock, RandomSource } from "./time/clock.js";
export { METRICS } from "./metrics/metric-names.js";

export type { TracingOptions, OtlpOptions, MemoryTraceOptions } from "./tracing/tracing-options.js";
export { TRACING_DEFAULTS } from "./tracing/tracing-options.js";
export { contextLogger } from "./tracing/context-logger.js";
export type { ContextLogger } from "./tracing/context-logger.js";
