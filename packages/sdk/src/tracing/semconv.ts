// Attribute names from the OpenTelemetry semantic conventions. Stable ones come
// from the package; the RPC, messaging and service-instance names are still
// "incubating" there, and OpenTelemetry asks users to copy those rather than
// import them, since incubating exports may change in a minor release.
export {
	ATTR_CLIENT_ADDRESS,
	ATTR_ERROR_TYPE,
	ATTR_EXCEPTION_MESSAGE,
	ATTR_EXCEPTION_STACKTRACE,
	ATTR_EXCEPTION_TYPE,
	ATTR_HTTP_REQUEST_METHOD,
	ATTR_HTTP_RESPONSE_STATUS_CODE,
	ATTR_HTTP_ROUTE,
	ATTR_SERVER_ADDRESS,
	ATTR_SERVER_PORT,
	ATTR_SERVICE_NAME,
	ATTR_SERVICE_VERSION,
	ATTR_URL_PATH,
	ATTR_URL_SCHEME,
	ATTR_USER_AGENT_ORIGINAL
} from "@opentelemetry/semantic-conventions";

export const ATTR_RPC_SYSTEM = "rpc.system";
export const ATTR_RPC_SERVICE = "rpc.service";
export const ATTR_RPC_METHOD = "rpc.method";
export const ATTR_SERVICE_INSTANCE_ID = "service.instance.id";
export const ATTR_SERVICE_NAMESPACE = "service.namespace";
export const ATTR_MESSAGING_SYSTEM = "messaging.system";
export const ATTR_MESSAGING_OPERATION_TYPE = "messaging.operation.type";
export const ATTR_MESSAGING_OPERATION_NAME = "messaging.operation.name";
export const ATTR_MESSAGING_DESTINATION_NAME = "messaging.destination.name";
export const ATTR_MESSAGING_MESSAGE_ID = "messaging.message.id";
export const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = "messaging.batch.message_count";
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = "messaging.consumer.group.name";

/** `rpc.system` of every call span: calls travel as Moleculer requests. */
export const RPC_SYSTEM_MOLECULER = "moleculer";
