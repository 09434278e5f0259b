package io.associationgateway.upstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.associationgateway.failure.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** {@code gateway_upstream_request_seconds{upstream,outcome}}: a latency histogram per upstream call. */
@Singleton
public class UpstreamMetrics {

  private final MeterRegistry registry;
  /** The timers by upstream, then outcome: looked up here, not built and registered again on every call. */
  private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

  public UpstreamMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Times {@code call}, tagged with the upstream and {@code ok} or the failure's error name. */
  public <T> Uni<T> timed(String upstream, Uni<T> call) {
    return Uni.createFrom().deferred(() -> {
      var sample = Timer.start(this.registry);
      return call.onItemOrFailure().invoke((item, failure) -> sample.stop(timer(upstream, outcome(failure))));
    });
  }

  private Timer timer(String upstream, String outcome) {
    var byOutcome = this.timers.computeIfAbsent(upstream, any -> new ConcurrentHashMap<>());
    var timer = byOutcome.get(outcome);
    if (timer == null) {
      timer = byOutcome.computeIfAbsent(outcome, any -> Timer.builder("gateway.upstream.request").description("Upstream call latency")
          .tag("upstream", upstream).tag("outcome", outcome).publishPercentileHistogram().register(this.registry));
    }
    return timer;
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    return failure instanceof GatewayException refusal ? refusal.id().error() : "error";
  }
}
