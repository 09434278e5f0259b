package io.associationgateway.api;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.failure.ErrorId;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.mutiny.ext.web.Router;

/**
 * Graceful shutdown: from the moment the process is told to stop (SIGTERM), new requests are refused with
 * {@code 503 unavailable} and {@code Connection: close} (readiness included, so load balancers drain), while requests
 * already running finish; Quarkus waits for them up to {@code quarkus.shutdown.timeout}. The refusal carries the CORS
 * headers of an allowed origin, so a page whose request reaches a draining replica reads the {@code 503} and its
 * {@code Retry-After} instead of failing on CORS ({@code ShutdownGateTest}).
 */
@Singleton
public class ShutdownGate {

  /**
   * Where Quarkus installs its CORS filter ({@code quarkus.http.cors}): filters run at minus their priority, and CORS has
   * priority 300 ({@code io.quarkus.vertx.http.deployment.FilterBuildItem.CORS}).
   */
  static final int CORS_ORDER = -300;

  /**
   * Right after the CORS filter, before every other route of the application: a preflight is answered by the CORS
   * filter, and a refusal carries its headers. The {@link OverloadGate} comes next.
   */
  static final int ORDER = CORS_ORDER + 1;

  /** On the management port, which serves no browser: before every other route. */
  static final int MANAGEMENT_ORDER = -10_000;

  private static final String SHUTTING_DOWN = ErrorEnvelope.json(ErrorId.UNAVAILABLE, "the gateway is shutting down; retry", null);

  private final AtomicBoolean draining = new AtomicBoolean();

  void install(@Observes Router router) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      drain(true);
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
    management.router().route().order(MANAGEMENT_ORDER).handler(ctx -> {
      if (this.draining.get()) {
        ErrorEnvelope.write(ctx.response(), ErrorId.UNAVAILABLE.status(), SHUTTING_DOWN, 1, true);
        return;
      }
      ctx.next();
    });
  }

  /** Refuses new requests from now on, or ({@code false}) serves them again: the shutdown hook turns it on, a test off. */
  void drain(boolean on) {
    this.draining.set(on);
  }
}
