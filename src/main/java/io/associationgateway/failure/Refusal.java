package io.associationgateway.failure;

import java.time.Duration;

/**
 * Why a throttle said no: whose limit ({@code target}, {@code user}, {@code ip}, {@code global}), which kind
 * ({@code cooldown}, {@code cap}, {@code lockout}) and when to come back.
 */
public record Refusal(String scope, String kind, Duration retryAfter, Integer attemptsLeft) {

  public static Refusal of(String scope, String kind, long retryAfterMillis) {
    return new Refusal(scope, kind, Duration.ofMillis(Math.max(0, retryAfterMillis)), null);
  }

  /** Whole seconds to wait, rounded up, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
  }
}
