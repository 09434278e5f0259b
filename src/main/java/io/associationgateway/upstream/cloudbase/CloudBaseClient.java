package io.associationgateway.upstream.cloudbase;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.domain.Caller;
import io.associationgateway.domain.UserProfile;
import io.associationgateway.failure.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamCalls;
import io.associationgateway.upstream.WebClients;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/** CloudBase's user API ({@code /auth/v1}), called with the signed-in user's own access token. */
@Singleton
public class CloudBaseClient {

  private final WebClient client;
  private final String origin;
  private final long timeoutMillis;
  private final Duration timeout;
  private final UpstreamCalls calls;

  public CloudBaseClient(CloudBaseConfig config, UpstreamCalls calls, WebClients clients) {
    this.calls = calls;
    this.client = clients.create(config.timeout());
    this.origin = origin(config.url().orElseThrow(() -> new IllegalStateException("gateway.cloudbase.url: missing")));
    this.timeout = config.timeout();
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

  /**
   * The caller's ways to sign in, for the last-method guard: {@code GET /auth/v1/user/me} (password, phone, email) and
   * {@code GET /auth/v1/user/provider} (the providers with {@code bind: true}), both with the caller's own token.
   */
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<UserProfile> findProfile(String accessToken) {
    var me = send(request(HttpMethod.GET, "/auth/v1/user/me").bearerTokenAuthentication(accessToken), null);
    var providers = send(request(HttpMethod.GET, "/auth/v1/user/provider").bearerTokenAuthentication(accessToken), null);
    return Uni.combine().all().unis(me, providers).asTuple().map(both -> {
      var linked = new ArrayList<String>();
      var data = both.getItem2().getJsonArray("data");
      for (int i = 0; data != null && i < data.size(); i++) {
        var provider = data.getJsonObject(i);
        if (provider.getBoolean("bind", false) && provider.getString("id") != null) {
          linked.add(provider.getString("id"));
        }
      }
      var profile = both.getItem1();
      return new UserProfile(profile.getString("sub", profile.getString("user_id")), profile.getBoolean("has_password", false),
          blankToNull(profile.getString("phone_number")), blankToNull(profile.getString("email")), List.copyOf(linked));
    });
  }

  /** CloudBase's own sudo token ({@code POST /auth/v1/user/sudo}) and its lifetime. */
  public record CloudBaseSudo(String token, Duration expiresIn) {
  }

  /**
   * {@code POST /auth/v1/user/sudo {password}}: CloudBase checks the caller's password and answers its own sudo token,
   * which the gateway keeps sealed with its grant for CloudBase's own sudo-guarded calls. Not retried (each try counts
   * against the password lockout).
   */
  public Uni<CloudBaseSudo> checkPassword(String accessToken, String password) {
    return send(request(HttpMethod.POST, "/auth/v1/user/sudo").bearerTokenAuthentication(accessToken),
        new JsonObject().put("password", password)).map(answer -> {
          var token = answer.getString("sudo_token");
          var seconds = answer.getLong("expires_in", 0L);
          return token == null || token.isBlank() || seconds <= 0 ? null : new CloudBaseSudo(token, Duration.ofSeconds(seconds));
        });
  }

  /**
   * Sends a client's request on to CloudBase as it came (end-to-end headers, body) and hands back CloudBase's answer as
   * it came, whatever its status (as the streaming pass-through does): buffered, for small JSON calls. Not retried.
   */
  public Uni<ForwardedResponse> forward(RelayedRequest relayed) {
    return exchange(relayed, false);
  }

  /**
   * Like {@link #forward(RelayedRequest)}, for the calls the gateway answers itself: an answer that is not CloudBase's
   * API (a 5xx, a body that is not JSON) becomes the typed 502/503/504 and counts against the circuit breaker.
   */
  public Uni<ForwardedResponse> relay(RelayedRequest relayed) {
    return exchange(relayed, true);
  }

  private Uni<ForwardedResponse> exchange(RelayedRequest relayed, boolean checked) {
    var request = this.client.requestAbs(relayed.method(), this.origin + relayed.uri()).timeout(this.timeoutMillis);
    var requestOptions = HopByHop.connectionOptions(relayed.headers().getAll("Connection"));
    relayed.headers().forEach(header -> {
      // the gateway reads the answers it checks, so it asks for them unencoded
      if (!HopByHop.skipRequestHeader(header.getKey(), requestOptions)
          && !(checked && "accept-encoding".equalsIgnoreCase(header.getKey()))) {
        request.headers().add(header.getKey(), header.getValue());
      }
    });
    var body = relayed.body() == null ? Buffer.buffer() : relayed.body();
    return this.calls.call(Upstream.CLOUDBASE, CloudBaseErrors.UPSTREAM, this.timeout, () -> request.sendBuffer(body), response -> {
      if (checked) {
        CloudBaseErrors.requireApiAnswer(response);
      }
      return response;
    })
        .map(response -> {
          var kept = new ArrayList<Map.Entry<String, String>>();
          var responseOptions = HopByHop.connectionOptions(response.headers().getAll("Connection"));
          response.headers().forEach(header -> {
            if (!HopByHop.skipResponseHeader(header.getKey(), responseOptions)) {
              kept.add(Map.entry(header.getKey(), header.getValue()));
            }
          });
          var bytes = response.body() == null ? new byte[0] : response.body().getBytes();
          return new ForwardedResponse(response.statusCode(), List.copyOf(kept), bytes);
        });
  }

  /** Sends a client's request on to CloudBase unchanged and hands back its answer unchanged (small bodies only). */
  public Uni<ForwardedResponse> forward(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return forward(new RelayedRequest(method, uri, headers, body));
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    return this.client.requestAbs(method, this.origin + path).timeout(this.timeoutMillis);
  }

  /** Sends through CloudBase's circuit breaker; transport faults, 5xx and garbled answers count, CloudBase's refusals do not. */
  Uni<JsonObject> send(HttpRequest<Buffer> request, JsonObject body) {
    return this.calls.call(Upstream.CLOUDBASE, CloudBaseErrors.UPSTREAM, this.timeout,
        () -> body == null ? request.send() : request.sendJsonObject(body), CloudBaseErrors::bodyOrThrow);
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
