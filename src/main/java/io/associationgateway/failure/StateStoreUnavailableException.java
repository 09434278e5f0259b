package io.associationgateway.failure;

/**
 * Redis could not answer a command: the connection is refused, reset or closed, the server is read-only after a
 * failover, it refused for lack of memory, or it did not answer within the command deadline. Raised where all Redis
 * traffic passes ({@code state/SharedRedisConnection}); answered {@code 503 unavailable}. Nothing was changed by the
 * request that got it (each Redis step is one atomic script or command), so the client may retry.
 */
public class StateStoreUnavailableException extends GatewayException {

  public StateStoreUnavailableException(Throwable cause) {
    super(ErrorId.UNAVAILABLE, "the gateway's state store is unavailable; try again shortly", cause);
  }
}
