package io.associationgateway.upstream;

import java.util.function.Function;

import io.associationgateway.config.CircuitBreakerConfig;

/** The gateway's upstreams, each behind its own circuit breaker ({@link UpstreamGuards}). */
public enum Upstream {
  CLOUDBASE("CloudBase", "cloudbase", CircuitBreakerConfig::cloudbase),
  /** The same CloudBase, reached by the pass-through: its own breaker, so clients of the pass-through cannot open the one above. */
  CLOUDBASE_PASS_THROUGH("CloudBase", "cloudbase-pass-through", CircuitBreakerConfig::cloudbasePassThrough), SMS("Tencent Cloud SMS", "sms",
      CircuitBreakerConfig::sms), EMAIL("SMTP server", "email", CircuitBreakerConfig::email);

  private final String displayName;
  private final String breakerName;
  private final Function<CircuitBreakerConfig, CircuitBreakerConfig.Breaker> settings;

  Upstream(String displayName, String breakerName, Function<CircuitBreakerConfig, CircuitBreakerConfig.Breaker> settings) {
    this.displayName = displayName;
    this.breakerName = breakerName;
    this.settings = settings;
  }

  /** The name used in error descriptions and metrics. */
  public String displayName() {
    return this.displayName;
  }

  /** The breaker's name for {@code CircuitBreakerMaintenance} and its {@code gateway.circuit-breaker.<name>.*} settings. */
  public String breakerName() {
    return this.breakerName;
  }

  CircuitBreakerConfig.Breaker settings(CircuitBreakerConfig config) {
    return this.settings.apply(config);
  }
}
