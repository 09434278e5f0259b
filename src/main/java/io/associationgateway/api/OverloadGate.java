package io.associationgateway.api;

import io.associationgateway.failure.ErrorId;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.associationgateway.config.OverloadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Load shedding: at most {@code gateway.overload.max-in-flight} requests are served at once; the next one is refused
 * with {@code 503 unavailable} ({@code details.kind overloaded}, {@code Retry-After: 1}) before anything is read or
 * spent. Health, metrics and OpenAPI ({@code /q/}) always pass, so probes keep telling the truth under load.
 */
@ApplicationScoped
public class OverloadGate {

  /** Right after the shutdown gate, before CORS and every resource. */
  static final int ORDER = ShutdownGate.ORDER + 1;

  /**
   * The {@link ErrorBody} of a refusal, written out by hand: encoding it with Jackson here would load the object mapper
   * at startup (~140 ms before readiness), and lazily it would stall an event loop at the worst moment.
   */
  private static final String REFUSAL = String.format(java.util.Locale.ROOT,
      "{\"error\":\"%s\",\"error_code\":%d,\"error_description\":\"the gateway is overloaded; retry shortly\","
          + "\"details\":{\"scope\":\"gateway\",\"kind\":\"overloaded\",\"retry_after_s\":1}}",
      ErrorId.UNAVAILABLE.error(), ErrorId.UNAVAILABLE.code());

  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private final Counter refused;

  public OverloadGate(OverloadConfig config, MeterRegistry registry) {
    this.maxInFlight = config.maxInFlight();
    this.refused = Counter.builder("gateway.overload.refused").description("Requests refused because the replica had max-in-flight requests running")
        .register(registry);
    Gauge.builder("gateway.http.in.flight", this.inFlight, AtomicInteger::get).description("API requests running now (health and metrics excluded)")
        .register(registry);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::admit);
  }

  private void admit(RoutingContext ctx) {
    if (ctx.request().path().startsWith("/q/")) {
      ctx.next();
      return;
    }
    if (this.inFlight.incrementAndGet() > this.maxInFlight) {
      this.inFlight.decrementAndGet();
      this.refused.increment();
      ctx.response().setStatusCode(ErrorId.UNAVAILABLE.status()).putHeader("Content-Type", "application/json").putHeader("Retry-After", "1")
          .end(REFUSAL);
      return;
    }
    // Called once: when the response ends, fails, or the client goes away.
    ctx.addEndHandler(done -> this.inFlight.decrementAndGet());
    ctx.next();
  }
}
