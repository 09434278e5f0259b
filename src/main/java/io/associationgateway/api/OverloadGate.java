package io.associationgateway.api;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.OverloadConfig;
import io.associationgateway.domain.NetworkKey;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Load shedding: at most {@code gateway.overload.max-in-flight} requests are served at once; the next one is refused
 * with {@code 503 unavailable} ({@code details.kind overloaded}, {@code Retry-After: 1}) before anything is read or
 * spent. The last {@code gateway.overload.reserve-percent} of those slots are kept for the next steps of flows under
 * way (callers answered with a 2xx within {@code gateway.overload.flow-window}, see {@link RecentCallers}): past that
 * point new callers are refused and flows already started go on. One client IP (per /64 for IPv6) may hold at most
 * {@code gateway.overload.max-in-flight-per-ip} of them; one more from it is refused with {@code 429 resource_exhausted} ({@code details {scope: ip, kind: cap}}). Both counts
 * live in memory on this replica. Health, metrics and OpenAPI ({@code /q/}) always pass, so probes keep telling the
 * truth under load.
 */
@Singleton
public class OverloadGate {

  /**
   * Right after the CORS filter and the {@link ShutdownGate}, before every resource: a preflight is answered before it
   * reaches the gate (it costs no Redis or upstream call), and a refusal carries the CORS headers of an allowed origin,
   * so a browser's SDK reads the {@code 503} and its {@code Retry-After} instead of failing on CORS
   * ({@code OverloadGateTest}).
   */
  static final int ORDER = ShutdownGate.ORDER + 1;

  /**
   * The {@link ErrorBody} of a refusal, written out by hand: encoding it with Jackson here would load the object mapper
   * at startup (~140 ms before readiness), and lazily it would stall an event loop at the worst moment.
   */
  private static final String REFUSAL = ErrorEnvelope.json(ErrorId.UNAVAILABLE, "the gateway is overloaded; retry shortly",
      new Refusal(Refusal.Scope.GATEWAY, Refusal.Kind.OVERLOADED, Duration.ofSeconds(1), null));

  /** The {@link ErrorBody} of a per-IP refusal, written by hand for the same reason. */
  private static final String IP_REFUSAL = ErrorEnvelope.json(ErrorId.RESOURCE_EXHAUSTED,
      "too many requests in flight from this network; retry shortly",
      new Refusal(Refusal.Scope.IP, Refusal.Kind.CAP, Duration.ofSeconds(1), null));

  /** Where Quarkus' HTTP metrics read a request's path template (the {@code uri} tag of {@code http_server_requests}). */
  private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

  /** The {@code uri} tag of every pass-through request. */
  static final String PASS_THROUGH_TAG = "/auth/v1/{pass-through}";

  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private final Counter refused;
  private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();
  private final int maxPerIp;
  private final Counter refusedPerIp;
  private final ClientIp clients;
  /** Requests running at which new callers are refused; next steps of flows go on to {@link #maxInFlight}. */
  private final int maxNewInFlight;
  private final RecentCallers recent;
  private final Counter refusedInFlow;

  public OverloadGate(OverloadConfig config, MeterRegistry registry, ClientIp clients) {
    if (config.reservePercent() < 0 || config.reservePercent() > 90) {
      throw new IllegalArgumentException("gateway.overload.reserve-percent: 0 to 90, not " + config.reservePercent());
    }
    this.maxInFlight = config.maxInFlight();
    this.maxNewInFlight = this.maxInFlight - (int) ((long) this.maxInFlight * config.reservePercent() / 100);
    this.recent = new RecentCallers(config.flowWindow().toSeconds());
    this.maxPerIp = config.maxInFlightPerIp();
    this.clients = clients;
    this.refusedPerIp = Counter.builder("gateway.overload.refused.ip")
        .description("Requests refused because their client IP had max-in-flight-per-ip requests running").register(registry);
    this.refused = Counter.builder("gateway.overload.refused")
        .description("Requests refused because the replica had max-in-flight requests running (a new caller: "
            + "max-in-flight less the reserve for flows under way)")
        .register(registry);
    this.refusedInFlow = Counter.builder("gateway.overload.refused.in.flow")
        .description("Requests refused by the overload gate although their caller was in a flow (a flow cut short: "
            + "counted in gateway.overload.refused too)")
        .register(registry);
    Gauge.builder("gateway.http.in.flight", this.inFlight, AtomicInteger::get)
        .description("API requests running now (health and metrics excluded)")
        .register(registry);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::admit);
  }

  private void admit(RoutingContext ctx) {
    var path = ctx.request().path();
    if (path.startsWith("/q/")) {
      ctx.next();
      return;
    }
    if (path.startsWith("/auth/v1/")) {
      // one metric tag for every /auth/v1 path but the owned endpoints (RESTEasy puts their templates in its place):
      // pass-through paths are chosen by clients, and a tag per path would grow without bound
      // the gateway's only use of this Vert.x internal API (HttpServerRequestInternal.context), checked against Vert.x 4.5.25
      ((HttpServerRequestInternal) ctx.request()).context().putLocal(URL_PATH_TEMPLATE, PASS_THROUGH_TAG);
    }
    var ip = NetworkKey.of(this.clients.of(ctx.request()));
    if (!takeIpSlot(ip)) {
      this.refusedPerIp.increment();
      ErrorEnvelope.write(ctx.response(), ErrorId.RESOURCE_EXHAUSTED.status(), IP_REFUSAL, 1, false);
      return;
    }
    var caller = caller(ctx.request());
    var key = caller == null ? 0L : this.recent.key(caller);
    var running = this.inFlight.incrementAndGet();
    if (running > this.maxNewInFlight) {
      var inFlow = inFlow(caller, key);
      if (running > this.maxInFlight || !inFlow) {
        this.inFlight.decrementAndGet();
        releaseIpSlot(ip);
        this.refused.increment();
        if (inFlow) {
          this.refusedInFlow.increment();
        }
        ErrorEnvelope.write(ctx.response(), ErrorId.UNAVAILABLE.status(), REFUSAL, 1, false);
        return;
      }
    }
    // Called once: when the response ends, fails, or the client goes away.
    ctx.addEndHandler(done -> {
      this.inFlight.decrementAndGet();
      releaseIpSlot(ip);
      var status = ctx.response().getStatusCode();
      if (caller != null && done.succeeded() && status >= 200 && status < 300) {
        this.recent.remember(key, nowSeconds());
      }
    });
    ctx.next();
  }

  /**
   * What identifies a caller across the steps of its flow: {@code x-device-id}, which the official SDK sends on every
   * call (also on {@code /verification/verify}, which it sends without a bearer), else {@code Authorization}; null for
   * neither.
   */
  private static String caller(HttpServerRequest request) {
    var device = request.getHeader("x-device-id");
    if (device != null && !device.isEmpty()) {
      return device;
    }
    var authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    return authorization == null || authorization.isEmpty() ? null : authorization;
  }

  /** A caller answered with a 2xx within the flow window. */
  private boolean inFlow(String caller, long key) {
    return caller != null && this.recent.contains(key, nowSeconds());
  }

  private static long nowSeconds() {
    return System.nanoTime() / 1_000_000_000L;
  }

  private boolean takeIpSlot(String ip) {
    var taken = new boolean[1];
    this.perIp.compute(ip, (key, running) -> {
      var now = running == null ? 0 : running;
      taken[0] = now < this.maxPerIp;
      return taken[0] ? now + 1 : running;
    });
    return taken[0];
  }

  /** The entry goes when its last request ends, so the map holds only IPs with requests running. */
  private void releaseIpSlot(String ip) {
    this.perIp.computeIfPresent(ip, (key, running) -> running <= 1 ? null : running - 1);
  }
}
