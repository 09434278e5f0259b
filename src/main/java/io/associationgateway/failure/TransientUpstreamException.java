package io.associationgateway.failure;

/**
 * An upstream could not be reached at all or said it is unavailable; safe to retry for idempotent calls. Answered 503
 * {@code unavailable}; counts against the upstream's circuit breaker.
 */
public class TransientUpstreamException extends UpstreamFaultException {

  public TransientUpstreamException(String description, Throwable cause) {
    super(ErrorId.UNAVAILABLE, description, cause);
  }
}
