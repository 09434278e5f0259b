package io.associationgateway.api;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.associationgateway.failure.ErrorId;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.mutiny.ext.web.Router;

/**
 * Graceful shutdown: from the moment the process is told to stop (SIGTERM), new requests are refused with
 * {@code 503 unavailable} and {@code Connection: close} (readiness included, so load balancers drain), while requests
 * already running finish; Quarkus waits for them up to {@code quarkus.shutdown.timeout}.
 */
@ApplicationScoped
public class ShutdownGate {

  /** Before every other route, the CORS filter included. */
  static final int ORDER = -10_000;

  private static final String SHUTTING_DOWN = ErrorEnvelope.json(ErrorId.UNAVAILABLE, "the gateway is shutting down; retry", null);

  private final AtomicBoolean draining = new AtomicBoolean();

  void install(@Observes Router router) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      this.draining.set(true);
      Log.info("shutting down: refusing new requests, finishing running ones");
    }, "shutdown-gate"));
    router.route().order(ORDER).handler(ctx -> {
      if (this.draining.get()) {
        ErrorEnvelope.write(ctx.response().getDelegate(), ErrorId.UNAVAILABLE.status(), SHUTTING_DOWN, 1, true);
        return;
      }
      ctx.next();
    });
  }

  /** The same gate on the management port, so readiness ({@code /q/health/ready}) answers 503 while draining. */
  void installOnManagement(@Observes ManagementInterface management) {
    management.router().route().order(ORDER).handler(ctx -> {
      if (this.draining.get()) {
        ErrorEnvelope.write(ctx.response(), ErrorId.UNAVAILABLE.status(), SHUTTING_DOWN, 1, true);
        return;
      }
      ctx.next();
    });
  }
}
