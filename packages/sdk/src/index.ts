// The public API of @backbeat/sdk. Everything not listed here is internal.
export { defineContract, actionName, eventName } from "./contract/define-contract.js";
export type { Contract, ActionDefinition, EventDefinition, ContractInput } from "./contract/define-contract.js";
export type { ActionNames, EventNames, ParamsIn, ParamsOut, ResultIn, ResultOut, PayloadIn, PayloadOut } from "./contract/infer.js";

export { defineService } from "./service/define-service.js";
export type { ActionHandler, ActionHandlers, MigratableDatabase, ServiceDefinition, ServiceImplementation } from "./service/define-service.js";
export type { HandlerContext } from "./service/handler-context.js";

export { client } from "./client/client.js";
export type { Client, CallOptions } from "./client/client.js";
export type { CallSource } from "./client/call-source.js";

export { emitter } from "./events/emitter.js";
export type { Emitter } from "./events/emitter.js";
export { on } from "./events/subscription.js";
export type { EventHandler, EventHandlers, Subscription, SubscriptionOptions } from "./events/subscription.js";

export { openDatabase } from "./storage/database.js";
export type { Database, DatabaseOptions } from "./storage/database.js";
export type { Migration, Dialect } from "./storage/migrations.js";
export type { TransactionScope } from "./storage/transaction-scope.js";
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
export type { ValidationFailedData, ValidatedPart } from "./errors/validation-failed.js";

export { createBroker } from "./broker/create-broker.js";
export type { BrokerOptions, LogLevel } from "./broker/broker-options.js";
export type { BackbeatBroker } from "./broker/backbeat-broker.js";
export type { NatsClientOptions, TransportOptions } from "./broker/transporters/resolve.js";

export type { Schema, Input, Output, FieldIssue } from "./schema/standard-schema.js";
export { validateOrThrow } from "./schema/validate-or-throw.js";

export type { ResilienceOptions, RetryOptions } from "./resilience/resilience-options.js";
export { RESILIENCE_DEFAULTS } from "./resilience/resilience-options.js";
export type { RetryBudgetOptions } from "./resilience/retry-budget.js";
export type { CircuitBreakerOptions, CircuitState } from "./resilience/circuit-breaker.js";
export type { BackoffOptions } from "./resilience/backoff.js";
export type { Clock, RandomSource } from "./resilience/clock.js";
export { METRICS } from "./metrics/metric-names.js";

export type { TracingOptions, OtlpOptions, MemoryTraceOptions } from "./tracing/tracing-options.js";
export { TRACING_DEFAULTS } from "./tracing/tracing-options.js";
export { traceStore, flushTraces, traceIdOf } from "./tracing/broker-tracing.js";
export { TraceStore } from "./tracing/trace-store.js";
export type { TraceJson, TraceSummary, SpanJson, SpanKindName } from "./tracing/trace-store.js";
export { renderTraceWaterfall } from "./tracing/waterfall-page.js";
export { injectTraceContext, extractTraceContext } from "./tracing/propagation.js";
export type { HeaderCarrier } from "./tracing/propagation.js";
export { startMessagingSpan, useSpan, recordDuplicateSkipped, DUPLICATE_SKIPPED_EVENT } from "./tracing/messaging-spans.js";
export type { MessagingOperation, MessagingSpanOptions } from "./tracing/messaging-spans.js";
export type { SpanOwner } from "./tracing/tracing-runtime.js";
export { startHttpServerSpan, TRACE_ID_HEADER } from "./tracing/http-server-span.js";
export type { HttpServerSpan, HttpRequestLike, HttpResponseOutcome } from "./tracing/http-server-span.js";
export { endWithError } from "./tracing/span-status.js";
export { contextLogger } from "./tracing/context-logger.js";
export type { ContextLogger } from "./tracing/context-logger.js";
