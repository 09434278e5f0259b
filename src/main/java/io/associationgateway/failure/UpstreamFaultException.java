package io.associationgateway.failure;

/**
 * An upstream failed rather than refused: unreachable, too slow, a 5xx, a broken connection or an answer that is not
 * its API's. Answered 502, 503 or 504, and counted against the upstream's circuit breaker ({@link UpstreamGuards});
 * a business refusal (wrong password, invalid code, a 4xx) is a plain {@link GatewayException} and is not.
 */
public class UpstreamFaultException extends GatewayException {

  public UpstreamFaultException(ErrorId id, String description, Throwable cause) {
    super(id, description, cause);
  }
}
