package io.associationgateway.api;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamFailures;
import io.associationgateway.upstream.UpstreamGuards;
import io.associationgateway.upstream.WebClients;
import io.associationgateway.upstream.cloudbase.HopByHop;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.http.HttpServerResponse;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;

/**
 * Every {@code /auth/v1/**} request the gateway does not answer itself ({@link OwnedEndpoint}) goes to CloudBase with
 * its method, path, query, headers and body, and CloudBase's status, headers and body come back (the answer streamed).
 * This uses Vert.x's core HTTP client (Mutiny API) rather than the Web Client, because the Web Client cannot hand over
 * the status and headers before a piped body.
 *
 * <p>What reaches CloudBase is bounded by the gateway, not by the client:</p>
 * <ul>
 * <li>Scheme, host and port always come from {@code gateway.cloudbase.url}; only the request's path and query are
 * sent. A request-target that is not a plain path ({@link ForwardTarget}: absolute-form, {@code ..} or {@code .}
 * segments, encoded or not, backslashes, control characters) is refused {@code 400 invalid_argument} for every
 * {@code /auth/v1/**} path.</li>
 * <li>The body is collected before CloudBase is called, up to {@code gateway.cloudbase.max-body-bytes} whether or not
 * it comes with {@code Content-Length} ({@code 413} past it), within {@code gateway.http.body-timeout}
 * ({@link BodyDeadline}). So a client that stops sending, sends too much or goes away while sending costs CloudBase
 * nothing and can never count against a circuit breaker.</li>
 * <li>The call runs in the pass-through's own breaker ({@link Upstream#CLOUDBASE_PASS_THROUGH}), never in the one the
 * gateway's own CloudBase calls use. It covers connecting, sending and CloudBase's status line and headers; when the
 * client goes away before its answer has ended the upstream request is reset and the call counts as no fault
 * ({@link Exchange#abandon}).</li>
 * <li>The client's forwarding headers are dropped ({@link HopByHop}); {@code X-Forwarded-For} carries the client IP as
 * the gateway resolved it ({@link ClientIp}).</li>
 * </ul>
 */
@Singleton
public class PassThroughRoute {

  /** Before the REST layer, after the CORS filter. */
  static final int ORDER = 100;

  private final HttpClient client;
  private final ForwardTarget.Origin origin;
  private final CloudBaseConfig config;
  private final UpstreamGuards guards;
  private final SudoTokenRelay sudoTokens;
  private final ClientIp clients;

  public PassThroughRoute(Vertx vertx, CloudBaseConfig config, WebClients webClients, UpstreamGuards guards, SudoTokenRelay sudoTokens,
      ClientIp clients) {
    this.config = config;
    this.guards = guards;
    this.sudoTokens = sudoTokens;
    this.clients = clients;
    // no URL: the production startup check refuses to start, so nothing is relayed
    this.origin = config.url().map(ForwardTarget.Origin::of).orElse(null);
    this.client = vertx.createHttpClient(webClients.options(new HttpClientOptions(), config.timeout()));
  }

  void install(@Observes Router router) {
    router.route("/auth/v1/*").order(ORDER).handler(this::handle);
    // a request the router itself cannot read (e.g. a path with an invalid percent-escape) gets the error envelope too
    router.errorHandler(400, ctx -> ErrorRoutes.fail(ctx, ErrorId.INVALID_ARGUMENT, "the request-target is malformed"));
  }

  void handle(RoutingContext ctx) {
    var request = ctx.request();
    var target = ForwardTarget.of(request.uri());
    if (target == null) {
      ErrorRoutes.fail(ctx, ErrorId.INVALID_ARGUMENT,
          "the request-target must be a path under /auth/v1/ without dot segments or backslashes");
      return;
    }
    var length = request.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
    if (length != null && tooLarge(length)) {
      ErrorRoutes.fail(ctx, ErrorId.PAYLOAD_TOO_LARGE, "request body is larger than " + this.config.maxBodyBytes() + " bytes");
      return;
    }
    if (Delegation.isOwned(request.method(), request.path())) {
      ctx.next();
      return;
    }
    var hasBody = length != null ? !"0".equals(length.strip()) : request.getHeader(HttpHeaders.TRANSFER_ENCODING.toString()) != null;
    if (!hasBody || request.isEnded()) {
      prepare(ctx, target, hasBody ? Buffer.buffer() : null);
      return;
    }
    var body = Buffer.buffer();
    request.handler(chunk -> {
      if (ctx.response().ended()) {
        return;
      }
      if (body.length() + chunk.length() > this.config.maxBodyBytes()) {
        // a chunked body past the limit: answered now, the rest is never read
        ErrorRoutes.failAndClose(ctx, ErrorId.PAYLOAD_TOO_LARGE, "request body is larger than " + this.config.maxBodyBytes() + " bytes");
        return;
      }
      body.appendBuffer(chunk);
    });
    // a client that fails or goes away while sending: nothing was sent upstream, nothing to answer
    request.exceptionHandler(failure -> {
    });
    request.endHandler(() -> {
      if (!ctx.response().ended() && !ctx.response().closed()) {
        prepare(ctx, target, body);
      }
    });
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      // the body is read here, not by CloudBase: the client may send it now
      ctx.response().writeContinue();
    }
    request.resume();
  }

  /** A gateway sudo token in the query or body is swapped for CloudBase's first ({@link SudoTokenRelay}). */
  private void prepare(RoutingContext ctx, String target, Buffer body) {
    if (!this.sudoTokens.applies(ctx.request())) {
      forward(ctx, target, body);
      return;
    }
    this.sudoTokens.swap(target, body).subscribe().with(swapped -> forward(ctx, swapped.target(), swapped.body()),
        failure -> ErrorRoutes.fail(ctx, UpstreamFailures.map("CloudBase", failure)));
  }

  private void forward(RoutingContext ctx, String target, Buffer body) {
    var request = ctx.request();
    var options = new RequestOptions().setMethod(request.method()).setHost(this.origin.host()).setPort(this.origin.port())
        .setSsl(this.origin.ssl()).setURI(this.origin.path() + target).setIdleTimeout(this.config.passThroughIdleTimeout().toMillis());
    var connectionOptions = HopByHop.connectionOptions(request.headers().getAll(HttpHeaders.CONNECTION));
    request.headers().forEach(header -> {
      if (!HopByHop.skipRequestHeader(header.getKey(), connectionOptions)) {
        options.addHeader(header.getKey(), header.getValue());
      }
    });
    options.putHeader("X-Forwarded-For", this.clients.of(request.getDelegate()));
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    }
    var exchange = new Exchange(ctx.response());
    // the client hanging up before its answer is complete resets the upstream request; that call is no upstream fault
    ctx.getDelegate().addEndHandler(done -> {
      if (done.failed()) {
        exchange.clientGone();
      }
    });
    // an open breaker answers 503 without calling; transport faults count, CloudBase's own answers (any status) are
    // relayed as they are
    this.guards.guard(Upstream.CLOUDBASE_PASS_THROUGH, () -> this.client.request(options)
        .invoke(exchange::started)
        .chain(upstream -> body != null ? upstream.send(body) : upstream.send())
        .invoke(HttpClientResponse::pause)
        .onFailure().transform(failure -> exchange.gone ? new ClientGone() : UpstreamFailures.map("CloudBase", failure)))
        .subscribe().with(upstream -> relay(ctx, upstream), failure -> {
          if (failure instanceof ClientGone || ctx.response().closed()) {
            return;
          }
          var refusal = UpstreamFailures.map("CloudBase", failure);
          Log.warnf("pass-through %s %s failed: %s", request.method(), request.path(), refusal.getMessage());
          ErrorRoutes.fail(ctx, refusal);
        });
  }

  private static void relay(RoutingContext ctx, HttpClientResponse upstream) {
    if (ctx.response().closed() || ctx.response().ended()) {
      upstream.request().reset();
      return;
    }
    var response = ctx.response().setStatusCode(upstream.statusCode()).setStatusMessage(upstream.statusMessage());
    var connectionOptions = HopByHop.connectionOptions(upstream.headers().getAll(HttpHeaders.CONNECTION));
    upstream.headers().forEach(header -> {
      if (!HopByHop.skipResponseHeader(header.getKey(), connectionOptions)) {
        response.headers().add(header.getKey(), header.getValue());
      }
    });
    var length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH.toString());
    if (length != null) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH.toString(), length);
    } else {
      response.setChunked(true);
    }
    upstream.pipeTo(response).subscribe().with(done -> {
    }, failure -> {
      Exchange.abandon(upstream.request(), ctx.response());
      if (!ctx.response().closed()) {
        Log.warnf("pass-through response from CloudBase broke off: %s", failure.getMessage());
        ctx.request().connection().close().subscribe().with(closed -> {
        }, ignored -> {
        });
      }
    });
  }

  private boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.strip()) > this.config.maxBodyBytes();
    } catch (NumberFormatException malformed) {
      return true;
    }
  }

  /** The upstream request of one pass-through call, and whether its client has gone away. */
  private static final class Exchange {

    private final HttpServerResponse answer;
    private volatile HttpClientRequest upstream;
    private volatile boolean gone;

    Exchange(HttpServerResponse answer) {
      this.answer = answer;
    }

    void started(HttpClientRequest request) {
      this.upstream = request;
      if (this.gone) {
        abandon(request, this.answer);
      }
    }

    void clientGone() {
      this.gone = true;
      var request = this.upstream;
      if (request != null) {
        abandon(request, this.answer);
      }
    }

    /**
     * Resets the upstream request, closing its connection, unless the client's answer has ended. An ended answer means
     * CloudBase's was read in full and its connection is back in the pool, perhaps already carrying another call, which
     * a reset would break ({@code 502} "closed the connection"). Vert.x reports the close of an HTTP/2 stream right
     * after a complete answer as a failed end too, so this is no rare case.
     */
    static void abandon(HttpClientRequest upstream, HttpServerResponse answer) {
      if (!answer.ended()) {
        upstream.reset();
      }
    }
  }

  /** The call was given up because the client went away: not a fault of CloudBase, so its breaker does not count it. */
  private static final class ClientGone extends RuntimeException {

    ClientGone() {
      super("the client went away", null, false, false);
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
        ctx.request().connection().close().subscribe().with(closed -> {
        }, ignored -> {
        });
        return;
      }
      ErrorEnvelope.write(ctx.response().getDelegate(), refusal, false);
    }

    /** The error, then the connection closed (the rest of the request is not read). */
    static void failAndClose(RoutingContext ctx, ErrorId id, String description) {
      var connection = ctx.request().connection();
      if (ctx.response().headWritten()) {
        connection.close().subscribe().with(closed -> {
        }, ignored -> {
        });
        return;
      }
      ErrorEnvelope.write(ctx.response().getDelegate(), new GatewayException(id, description), true)
          .onComplete(written -> connection.close().subscribe().with(closed -> {
          }, ignored -> {
          }));
    }

    static void fail(RoutingContext ctx, ErrorId id, String description) {
      fail(ctx, new GatewayException(id, description));
    }
  }
}
