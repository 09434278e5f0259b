package io.associationgateway.failure;

import java.time.Duration;

/**
 * Why a limit said no: whose limit ({@link Scope}), which kind ({@link Kind}) and when to come back. The wire names
 * ({@link Scope#wire()}, {@link Kind#wire()}) are what error bodies ({@code details.scope}, {@code details.kind}),
 * metrics tags, audit outcomes and the OpenAPI text carry; they never change.
 */
public record Refusal(Scope scope, Kind kind, Duration retryAfter, Integer attemptsLeft) {

  /** Whose limit refused. */
  public enum Scope {
    /** The phone number or e-mail address the code goes to. */
    TARGET("target"),
    /** The signed-in user. */
    USER("user"),
    /** The client IP. */
    IP("ip"),
    /** The whole gateway (the SMS budget). */
    GLOBAL("global"),
    /** An upstream whose circuit breaker is open. */
    UPSTREAM("upstream"),
    /** This replica, at its limit of requests in flight. */
    GATEWAY("gateway");

    private final String wire;

    Scope(String wire) {
      this.wire = wire;
    }

    /** The name in error bodies, metrics and audit records. */
    public String wire() {
      return this.wire;
    }
  }

  /** What kind of limit refused. */
  public enum Kind {
    /** Wait before asking again. */
    COOLDOWN("cooldown"),
    /** A count was reached. */
    CAP("cap"),
    /** Too many wrong codes. */
    LOCKOUT("lockout"),
    /** A wrong code ({@link Refusal#attemptsLeft()} says how many tries remain). */
    ATTEMPTS("attempts"),
    /** The upstream is failing and was not called. */
    CIRCUIT_OPEN("circuit_open"),
    /** The replica sheds load. */
    OVERLOADED("overloaded");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    /** The name in error bodies, metrics and audit records. */
    public String wire() {
      return this.wire;
    }
  }

  public static Refusal of(Scope scope, Kind kind, long retryAfterMillis) {
    return new Refusal(scope, kind, Duration.ofMillis(Math.max(0, retryAfterMillis)), null);
  }

  /** Whole seconds to wait, rounded up, at least 1. */
  public long retryAfterSeconds() {
    return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
  }
}
