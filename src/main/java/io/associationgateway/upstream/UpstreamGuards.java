package io.associationgateway.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.associationgateway.config.CircuitBreakerConfig;
import io.associationgateway.failure.CircuitOpenException;
import io.associationgateway.failure.UpstreamFaultException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * A circuit breaker per upstream (SmallRye Fault Tolerance {@link Guard}, named after {@link Upstream#breakerName()}).
 * Only {@link UpstreamFaultException}s count as failures. An open breaker fails calls at once with
 * {@link CircuitOpenException} without subscribing to them. Retries of idempotent reads ({@code @Retry} on the client
 * methods) sit outside: every attempt is one call of the breaker, and an open breaker ends the retries.
 * <p>
 * Metrics: {@code gateway_circuit_breaker_state{breaker,state}} is 1 for each breaker's current state and 0 for the
 * other two (read from {@link CircuitBreakerMaintenance} at each scrape), {@code gateway_circuit_breaker_opened_total
 * {breaker}} counts openings, so one that closed again between two scrapes still shows. Both cost nothing per call;
 * SmallRye Fault Tolerance's own per-call metrics are off ({@code quarkus.fault-tolerance.metrics.enabled=false}).
 */
@Singleton
public class UpstreamGuards {

  private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
  };

  private final Map<Upstream, Breaker> breakers = new EnumMap<>(Upstream.class);

  public UpstreamGuards(CircuitBreakerConfig config, MeterRegistry registry, CircuitBreakerMaintenance maintenance) {
    for (var upstream : Upstream.values()) {
      var opened = Counter.builder("gateway.circuit.breaker.opened").description("Times the upstream's circuit breaker opened")
          .tag("breaker", upstream.breakerName()).register(registry);
      this.breakers.put(upstream, new Breaker(upstream, upstream.settings(config), opened));
      for (var state : CircuitBreakerState.values()) {
        Gauge.builder("gateway.circuit.breaker.state", () -> maintenance.currentState(upstream.breakerName()) == state ? 1 : 0)
            .description("1 for the upstream's circuit breaker's current state, 0 for the others")
            .tag("breaker", upstream.breakerName()).tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry);
      }
    }
  }

  /**
   * Builds the guards at startup and runs one no-op call through each, on the main thread: building them and loading
   * the fault-tolerance classes takes long enough to trip the blocked-thread checker if the first requests did it on
   * an event loop. The no-op counts as one success in each window.
   */
  void warmUp(@Observes StartupEvent startup) {
    for (var upstream : Upstream.values()) {
      guard(upstream, () -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(5));
    }
  }

  /** Runs {@code call} through the upstream's breaker; the Uni is lazy, nothing is called before subscription. */
  @SuppressWarnings("unchecked")
  public <T> Uni<T> guard(Upstream upstream, Supplier<Uni<T>> call) {
    var breaker = this.breakers.get(upstream);
    var guarded = breaker.guard.get((Supplier<Uni<Object>>) (Supplier<?>) call, UNI);
    return ((Uni<T>) guarded).onFailure(CircuitBreakerOpenException.class)
        .transform(open -> new CircuitOpenException(upstream.displayName(), breaker.retryAfter()));
  }

  /** One upstream's guard and the moment it last opened (for {@code Retry-After}). */
  private static final class Breaker {

    private final Guard guard;
    private final Duration delay;
    private final Counter opened;
    private final AtomicLong openedAt = new AtomicLong(System.nanoTime());

    Breaker(Upstream upstream, CircuitBreakerConfig.Breaker settings, Counter opened) {
      this.delay = settings.delay();
      this.opened = opened;
      this.guard = Guard.create().withDescription(upstream.breakerName())
          .withCircuitBreaker().name(upstream.breakerName())
          .requestVolumeThreshold(settings.window()).failureRatio(settings.failureRatio())
          .delay(settings.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(settings.successThreshold())
          .when(failure -> failure instanceof UpstreamFaultException)
          .onStateChange(state -> changed(upstream, state)).done()
          .withThreadOffload(false)
          .build();
    }

    private void changed(Upstream upstream, CircuitBreakerState state) {
      if (state == CircuitBreakerState.OPEN) {
        this.openedAt.set(System.nanoTime());
        this.opened.increment();
        Log.warnf("circuit breaker %s OPEN: %s calls refused for %d ms", upstream.breakerName(), upstream.displayName(),
            this.delay.toMillis());
      } else {
        Log.infof("circuit breaker %s %s", upstream.breakerName(), state);
      }
    }

    /** Time left until the breaker lets probes through; at least a second. */
    Duration retryAfter() {
      var left = this.delay.minusNanos(System.nanoTime() - this.openedAt.get());
      return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
  }
}
