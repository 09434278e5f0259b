package io.associationgateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.failure.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** {@code gateway_upstream_request_seconds{upstream,outcome}}: a latency histogram per upstream call. */
@ApplicationScoped
public class UpstreamMetrics {

  private final MeterRegistry registry;

  public UpstreamMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Times {@code call}, tagged with the upstream and {@code ok} or the failure's error name. */
  public <T> Uni<T> timed(String upstream, Uni<T> call) {
    return Uni.createFrom().deferred(() -> {
      var sample = Timer.start(this.registry);
      return call.onItemOrFailure().invoke((item, failure) -> sample.stop(Timer.builder("gateway.upstream.request")
          .description("Upstream call latency").tag("upstream", upstream).tag("outcome", outcome(failure))
          .publishPercentileHistogram().register(this.registry)));
    });
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    return failure instanceof GatewayException refusal ? refusal.id().error() : "error";
  }
}
