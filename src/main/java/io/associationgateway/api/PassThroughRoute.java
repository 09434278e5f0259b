package io.associationgateway.api;

import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.ErrorId;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.associationgateway.config.HttpClientConfig;
import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamFailures;
import io.associationgateway.upstream.UpstreamGuards;
import io.associationgateway.upstream.cloudbase.HopByHop;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;

/**
 * Every {@code /auth/v1/**} request the gateway does not answer itself ({@link OwnedEndpoint}) goes to CloudBase with
 * its method, path, query, headers and body, and CloudBase's status, headers and body come back, streamed both ways
 * without buffering. This uses Vert.x's core HTTP client (Mutiny API) rather than the Web Client, because the Web
 * Client cannot hand over the status and headers before a piped body. Also refuses oversized bodies on
 * {@code /auth/v1/**} with {@code 413 invalid_argument} before anything reads them.
 */
@ApplicationScoped
public class PassThroughRoute {

  /** Before the REST layer, after the CORS filter. */
  static final int ORDER = 100;

  private final HttpClient client;
  private final String origin;
  private final CloudBaseConfig config;
  private final UpstreamGuards guards;
  private final SudoTokenRelay sudoTokens;

  public PassThroughRoute(Vertx vertx, CloudBaseConfig config, HttpClientConfig http, UpstreamGuards guards, SudoTokenRelay sudoTokens) {
    this.config = config;
    this.guards = guards;
    this.sudoTokens = sudoTokens;
    // no URL: the startup check (UserDirectories, ProductionSettingsCheck) refuses to start, so nothing is relayed
    this.origin = config.url().map(io.associationgateway.upstream.cloudbase.CloudBaseClient::origin).orElse(null);
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(http.maxConnectionsPerUpstream())
        .setConnectTimeout((int) config.timeout().toMillis()));
  }

  void install(@Observes Router router) {
    router.route("/auth/v1/*").order(ORDER).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    var request = ctx.request();
    var length = request.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
    if (length != null && tooLarge(length)) {
      ErrorRoutes.fail(ctx, ErrorId.PAYLOAD_TOO_LARGE, "request body is larger than " + this.config.maxBodyBytes() + " bytes");
      return;
    }
    if (OwnedEndpoint.owns(request.method(), request.path())) {
      ctx.next();
      return;
    }
    if (this.sudoTokens.applies(request)) {
      this.sudoTokens.forward(request).subscribe().with(answer -> {
        var response = ctx.response().setStatusCode(answer.status());
        answer.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
        response.endAndForget(io.vertx.mutiny.core.buffer.Buffer.buffer(answer.body()));
      }, failure -> ErrorRoutes.fail(ctx, UpstreamFailures.map("CloudBase", failure)));
      return;
    }
    request.pause();
    var options = new RequestOptions().setMethod(request.method()).setAbsoluteURI(this.origin + request.uri())
        .setIdleTimeout(this.config.passThroughIdleTimeout().toMillis());
    request.headers().forEach(header -> {
      if (!HopByHop.skipRequestHeader(header.getKey())) {
        options.addHeader(header.getKey(), header.getValue());
      }
    });
    var hasBody = length != null ? !"0".equals(length) : request.getHeader(HttpHeaders.TRANSFER_ENCODING.toString()) != null;
    if (length != null) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, length);
    }
    // CloudBase's circuit breaker: an open breaker answers 503 without calling; transport faults count, CloudBase's
    // own answers (any status) are relayed as they are. Paused until relay() pipes it, so no body chunk is missed.
    this.guards.guard(Upstream.CLOUDBASE, () -> this.client.request(options)
        .chain(upstream -> hasBody ? upstream.send(request) : upstream.send())
        .invoke(HttpClientResponse::pause)
        .onFailure().transform(failure -> UpstreamFailures.map("CloudBase", failure)))
        .subscribe().with(upstream -> relay(ctx, upstream), failure -> {
          var refusal = UpstreamFailures.map("CloudBase", failure);
          Log.warnf("pass-through %s %s failed: %s", request.method(), request.path(), refusal.getMessage());
          ErrorRoutes.fail(ctx, refusal);
        });
  }

  private static void relay(RoutingContext ctx, HttpClientResponse upstream) {
    var response = ctx.response().setStatusCode(upstream.statusCode()).setStatusMessage(upstream.statusMessage());
    upstream.headers().forEach(header -> {
      if (!HopByHop.skipResponseHeader(header.getKey())) {
        response.headers().add(header.getKey(), header.getValue());
      }
    });
    var length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH.toString(), length);
    } else {
      response.setChunked(true);
    }
    upstream.pipeTo(response).subscribe().with(done -> { }, failure -> {
      Log.warnf("pass-through response from CloudBase broke off: %s", failure.getMessage());
      ctx.request().connection().close().subscribe().with(closed -> { }, ignored -> { });
    });
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > this.config.maxBodyBytes();
    } catch (NumberFormatException malformed) {
      return true;
    }
  }

  @PreDestroy
  void close() {
    this.client.closeAndForget();
  }

  /** Error answers from Vert.x routes, in the same envelope the REST layer uses. */
  static final class ErrorRoutes {

    private ErrorRoutes() {
    }

    /** The refusal's answer, with {@code Retry-After} when it says when to come back (an open circuit breaker). */
    static void fail(RoutingContext ctx, GatewayException refusal) {
      if (ctx.response().headWritten()) {
        fail(ctx, refusal.id(), refusal.getMessage());
        return;
      }
      if (refusal.refusal() != null) {
        ctx.response().putHeader("Retry-After", Long.toString(refusal.refusal().retryAfterSeconds()));
      }
      ctx.response().setStatusCode(refusal.id().status()).putHeader("Content-Type", "application/json")
          .endAndForget(Json.encode(ErrorBody.of(refusal)));
    }

    static void fail(RoutingContext ctx, ErrorId id, String description) {
      if (ctx.response().headWritten()) {
        ctx.request().connection().close().subscribe().with(closed -> { }, ignored -> { });
        return;
      }
      ctx.response().setStatusCode(id.status()).putHeader("Content-Type", "application/json")
          .endAndForget(Json.encode(ErrorBody.of(id, description)));
    }
  }
}
