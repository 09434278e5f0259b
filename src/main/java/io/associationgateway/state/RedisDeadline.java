package io.associationgateway.state;

import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The bound on every Redis command of a request: {@code quarkus.redis.timeout} (2 s), applied by
 * {@link SharedRedisConnection}. The Vert.x Redis client has no command timeout: a Redis that is down fails at once
 * (connection refused or reset), but one that is frozen or cut off by the network (no reset) would leave requests
 * waiting forever. Past the deadline the command fails with {@link Exceeded}, which the API answers as
 * {@code 503 unavailable}, and the connection is dropped. A command that reached Redis may still run after the
 * deadline; each is one atomic script or command, so at worst a token or code is spent without an answer (never
 * applied twice).
 */
public final class RedisDeadline {

  private RedisDeadline() {
  }

  private static final class Holder {
    static final Duration TIMEOUT = ConfigProvider.getConfig().getOptionalValue("quarkus.redis.timeout", Duration.class)
        .orElse(Duration.ofSeconds(2));
  }

  /** How long a command may wait for its answer. */
  static Duration timeout() {
    return Holder.TIMEOUT;
  }

  /** Redis did not answer in time. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(Duration timeout) {
      super("Redis did not answer within " + timeout.toMillis() + " ms", null, false, false);
    }
  }
}
