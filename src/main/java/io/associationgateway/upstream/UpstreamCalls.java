package io.associationgateway.upstream;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.associationgateway.failure.GatewayException;
import io.smallrye.mutiny.Uni;

/**
 * The one shape of a call to an upstream: through the upstream's circuit breaker ({@link UpstreamGuards}), timed
 * ({@link UpstreamMetrics}), bounded by a deadline for the whole answer ({@link UpstreamFailures#within}), its
 * transport failures mapped to typed faults ({@link UpstreamFailures#map}) and its answer read, all inside the
 * breaker, so a garbled answer counts against the upstream like a broken connection. Every upstream client calls out
 * through here; only the streaming pass-through ({@code api/PassThroughRoute}) drives its own exchange.
 */
@Singleton
public class UpstreamCalls {

  private final UpstreamGuards guards;
  private final UpstreamMetrics metrics;

  public UpstreamCalls(UpstreamGuards guards, UpstreamMetrics metrics) {
    this.guards = guards;
    this.metrics = metrics;
  }

  /**
   * Runs {@code exchange} as one call of {@code breaker}; {@code name} names the upstream in error descriptions and in
   * the {@code upstream} tag of {@code gateway_upstream_request_seconds}. {@code answer} reads the reply and may throw a
   * {@link GatewayException} (counted by the breaker only if it is an upstream fault).
   */
  public <R, T> Uni<T> call(Upstream breaker, String name, Duration deadline, Supplier<Uni<R>> exchange, Function<R, T> answer) {
    return call(breaker, name, deadline, exchange, failure -> UpstreamFailures.map(name, failure), answer);
  }

  /** Like {@link #call(Upstream, String, Duration, Supplier, Function)}, with the upstream's own failure mapping. */
  public <R, T> Uni<T> call(Upstream breaker, String name, Duration deadline, Supplier<Uni<R>> exchange,
      Function<Throwable, GatewayException> faults, Function<R, T> answer) {
    return this.guards.guard(breaker, () -> this.metrics.timed(name, UpstreamFailures.within(deadline.toMillis(), exchange.get()))
        .onFailure().transform(faults)
        .map(answer));
  }
}
