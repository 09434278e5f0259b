package io.associationgateway.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.HttpServerConfig;
import io.associationgateway.failure.ErrorId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request body must arrive in full within {@code gateway.http.body-timeout} of the request being routed; otherwise
 * the request is answered {@code 408 deadline_exceeded} and its connection is closed, so a client dribbling its body
 * cannot hold a request slot ({@link OverloadGate}) for long. Applies to every path but {@code /q/}, owned endpoints
 * and the pass-through alike (the pass-through sends nothing upstream before the body is complete). One timer per
 * request that has a body, cancelled when the request ends.
 */
@Singleton
public class BodyDeadline {

  /** Right after the overload gate: a refused request starts no timer. */
  static final int ORDER = OverloadGate.ORDER + 1;

  /** The answer, encoded once ({@link ErrorEnvelope}). */
  private static final String TIMED_OUT = ErrorEnvelope.json(ErrorId.REQUEST_TIMEOUT, "the request body did not arrive in time", null);

  private final long timeoutMillis;
  private final Counter timedOut;

  public BodyDeadline(HttpServerConfig config, MeterRegistry registry) {
    this.timeoutMillis = config.bodyTimeout().toMillis();
    this.timedOut = Counter.builder("gateway.http.body.timeouts")
        .description("Requests answered 408 because their body did not arrive in time")
        .register(registry);
  }

  void install(@Observes Router router) {
    router.route().order(ORDER).handler(this::watch);
  }

  private void watch(RoutingContext ctx) {
    var request = ctx.request();
    if (request.isEnded() || request.path().startsWith("/q/") || !hasBody(request)) {
      ctx.next();
      return;
    }
    var timer = ctx.vertx().setTimer(this.timeoutMillis, fired -> expire(ctx));
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private void expire(RoutingContext ctx) {
    var request = ctx.request();
    var response = ctx.response();
    if (request.isEnded() || response.ended() || response.closed()) {
      return;
    }
    this.timedOut.increment();
    if (response.headWritten()) {
      request.connection().close();
      return;
    }
    ErrorEnvelope.write(response, ErrorId.REQUEST_TIMEOUT.status(), TIMED_OUT, 0, true).onComplete(written -> request.connection().close());
  }

  private static boolean hasBody(HttpServerRequest request) {
    var length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null ? !"0".equals(length.strip()) : request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }
}
