package io.associationgateway.upstream.cloudbase;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.associationgateway.Caller;
import io.associationgateway.UserProfile;
import io.associationgateway.config.HttpClientConfig;
import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.upstream.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamGuards;
import io.associationgateway.upstream.UpstreamMetrics;
import io.associationgateway.upstream.UpstreamFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/** CloudBase's user API ({@code /auth/v1}), called with the signed-in user's own access token. */
@ApplicationScoped
public class CloudBaseClient {

  private final WebClient client;
  private final String origin;
  private final long timeoutMillis;
  private final UpstreamMetrics metrics;
  private final UpstreamGuards guards;

  public CloudBaseClient(Vertx vertx, CloudBaseConfig config, UpstreamMetrics metrics, UpstreamGuards guards, HttpClientConfig http) {
    this.metrics = metrics;
    this.guards = guards;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(http.maxConnectionsPerUpstream())
        .setConnectTimeout((int) config.timeout().toMillis()));
    this.origin = origin(config.url());
    this.timeoutMillis = config.timeout().toMillis();
  }

  /**
   * {@code GET /auth/v1/user/me}: who owns this access token. Idempotent, so retried when CloudBase is unreachable
   * (each try goes through the circuit breaker; an open breaker ends the retries).
   */
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Caller> findCaller(String accessToken) {
    return send(request(HttpMethod.GET, "/auth/v1/user/me").bearerTokenAuthentication(accessToken), null)
        .map(me -> new Caller(me.getString("sub", me.getString("user_id")), blankToNull(me.getString("phone_number")),
            blankToNull(me.getString("email"))));
  }

  /** {@code GET /auth/v1/user/me} in full: password, contacts and linked providers, for the providers list and unlink guard. */
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<UserProfile> findProfile(String accessToken) {
    return send(request(HttpMethod.GET, "/auth/v1/user/me").bearerTokenAuthentication(accessToken), null).map(me -> {
      var providers = new ArrayList<UserProfile.LinkedProvider>();
      var linked = me.getJsonArray("providers");
      for (int i = 0; linked != null && i < linked.size(); i++) {
        var provider = linked.getJsonObject(i);
        var meta = provider.getJsonObject("meta", new JsonObject());
        providers.add(new UserProfile.LinkedProvider(provider.getString("id"), provider.getString("name", provider.getString("id")),
            provider.getString("provider_user_id"), provider.getString("name"), meta.getString("linked_at")));
      }
      return new UserProfile(me.getString("sub", me.getString("user_id")), me.getBoolean("has_password", false),
          blankToNull(me.getString("phone_number")), blankToNull(me.getString("email")), List.copyOf(providers));
    });
  }

  /**
   * {@code POST /auth/v1/user/sudo {password}}: CloudBase checks the caller's password. Its own sudo token is dropped
   * here; only the gateway's grant reaches the client. Not retried (each try counts against the password lockout).
   */
  public Uni<Void> checkPassword(String accessToken, String password) {
    return send(request(HttpMethod.POST, "/auth/v1/user/sudo").bearerTokenAuthentication(accessToken),
        new JsonObject().put("password", password)).replaceWithVoid();
  }

  /** Sends a client's request on to CloudBase unchanged and hands back its answer unchanged (small bodies only). */
  public Uni<ForwardedResponse> forward(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    var request = this.client.requestAbs(method, this.origin + uri).timeout(this.timeoutMillis);
    headers.forEach(header -> {
      if (!HopByHop.skipRequestHeader(header.getKey())) {
        request.headers().add(header.getKey(), header.getValue());
      }
    });
    return this.guards.guard(Upstream.CLOUDBASE, () -> this.metrics.timed(CloudBaseErrors.UPSTREAM, UpstreamFailures.within(this.timeoutMillis, request.sendBuffer(body)))
        .onFailure().transform(failure -> UpstreamFailures.map(CloudBaseErrors.UPSTREAM, failure)))
        .map(response -> {
          var kept = new ArrayList<Map.Entry<String, String>>();
          response.headers().forEach(header -> {
            if (!HopByHop.skipResponseHeader(header.getKey())) {
              kept.add(Map.entry(header.getKey(), header.getValue()));
            }
          });
          var bytes = response.body() == null ? new byte[0] : response.body().getBytes();
          return new ForwardedResponse(response.statusCode(), List.copyOf(kept), bytes);
        });
  }

  /** Forwards a client's request as received and answers CloudBase's response as the JAX-RS response. */
  public Uni<jakarta.ws.rs.core.Response> forward(io.vertx.core.http.HttpServerRequest http, byte[] body) {
    return forward(http.method(), http.uri(), MultiMap.newInstance(http.headers()), Buffer.buffer(body == null ? new byte[0] : body))
        .map(forwarded -> {
          var response = jakarta.ws.rs.core.Response.status(forwarded.status()).entity(forwarded.body());
          forwarded.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
          return response.build();
        });
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return this.client.requestAbs(method, this.origin + path).timeout(this.timeoutMillis);
  }

  /** Sends through CloudBase's circuit breaker; transport faults, 5xx and garbled answers count, CloudBase's refusals do not. */
  Uni<JsonObject> send(HttpRequest<Buffer> request, JsonObject body) {
    return this.guards.guard(Upstream.CLOUDBASE, () -> this.metrics.timed(CloudBaseErrors.UPSTREAM,
        UpstreamFailures.within(this.timeoutMillis, body == null ? request.send() : request.sendJsonObject(body)))
        .onFailure().transform(failure -> UpstreamFailures.map(CloudBaseErrors.UPSTREAM, failure))
        .map(CloudBaseErrors::bodyOrThrow));
  }

  /** The configured CloudBase URL without a trailing slash; request paths are appended to it. */
  public static String origin(URI uri) {
    var text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @PreDestroy
  void close() {
    this.client.close();
  }
}
