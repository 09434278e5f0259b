package io.associationgateway.failure;

import java.time.Duration;

/**
 * The upstream's circuit breaker is open: the call was not made. Answered 503 {@code unavailable} with
 * {@code details {scope: upstream, kind: circuit_open}} and {@code Retry-After}. Not a {@link TransientUpstreamException},
 * so retries of idempotent reads stop here instead of knocking on an open breaker.
 */
public class CircuitOpenException extends GatewayException {

  public CircuitOpenException(String upstream, Duration retryAfter) {
    super(ErrorId.UNAVAILABLE, upstream + " is failing; calls to it are paused for a moment",
        new Refusal(Refusal.Scope.UPSTREAM, Refusal.Kind.CIRCUIT_OPEN, retryAfter, null));
  }
}
