package io.associationgateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * One circuit breaker per upstream ({@code gateway.circuit-breaker.<upstream>.*}). Only faults count: the upstream
 * unreachable, too slow, a 5xx, a broken connection or a garbled answer; business refusals (wrong password, invalid
 * code, any 4xx) never do. While a breaker is open the gateway answers {@code 503 unavailable} with
 * {@code Retry-After} at once and does not call the upstream.
 */
@ConfigMapping(prefix = "gateway.circuit-breaker")
public interface CircuitBreakerConfig {

  /** CloudBase as the gateway's own calls use it: user API and user directory. */
  Breaker cloudbase();

  /**
   * CloudBase as the pass-through reaches it ({@code gateway.circuit-breaker.cloudbase-pass-through.*}): a breaker of
   * its own, so pass-through traffic, whatever its clients do, never refuses sign-in checks, sudo, sends or binds.
   */
  Breaker cloudbasePassThrough();

  /** Tencent Cloud SMS {@code SendSms}. */
  Breaker sms();

  /** The SMTP server. */
  Breaker email();

  /** The settings of one breaker. */
  interface Breaker {

    /**
     * Size of the rolling window: the breaker looks at the outcomes of the last this many calls, and only once it has
     * seen that many. <p>Defaults to {@code 20}.</p>
     */
    @WithDefault("20")
    int window();

    /**
     * Share of faults in the window at or above which the breaker opens, between 0 and 1.
     * <p>Defaults to {@code 0.5} (10 faults out of the last 20 calls).</p>
     */
    @WithDefault("0.5")
    double failureRatio();

    /**
     * How long an open breaker refuses calls before it lets probe calls through (half-open); also the
     * {@code Retry-After} answered meanwhile. <p>Defaults to {@code 5s}.</p>
     */
    @WithDefault("5s")
    Duration delay();

    /**
     * Probe calls that must succeed while half-open before the breaker closes; one probe fault opens it again for
     * {@link #delay()}. Calls beyond the probes in flight are refused as if open. <p>Defaults to {@code 2}.</p>
     */
    @WithDefault("2")
    int successThreshold();
  }
}
