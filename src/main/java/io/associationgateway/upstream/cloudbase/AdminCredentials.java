package io.associationgateway.upstream.cloudbase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.UpstreamFaultException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's own credential on CloudBase's HTTP API, as documented: an API key sent as {@code Bearer} with no
 * exchange, or else a server token from {@code POST /auth/v1/token/clientCredential} with
 * {@code Basic base64(SecretId:SecretKey)}, cached until a minute before its {@code expires_in} and fetched once however
 * many requests need it at the same moment. A refused credential is the operator's problem, never the user's: it is
 * answered {@code 503 unavailable} (not {@code 401}, which would make the SDK sign the user out) and logged, without
 * the secret.
 */
@Singleton
public class AdminCredentials {

  static final String TOKEN_PATH = "/auth/v1/token/clientCredential";
  private static final long REFRESH_MARGIN_SECONDS = 60;

  private final CloudBaseClient cloudBase;
  private final CloudBaseConfig config;
  private final AtomicReference<Token> current = new AtomicReference<>();
  private final AtomicReference<Uni<Token>> exchanging = new AtomicReference<>();

  public AdminCredentials(CloudBaseClient cloudBase, CloudBaseConfig config) {
    this.cloudBase = cloudBase;
    this.config = config;
  }

  private record Token(String value, Instant refreshAfter) {
  }

  /** The {@code Authorization} header value for a server-side call. */
  public Uni<String> authorization() {
    if (this.config.apiKey().filter(key -> !key.isBlank()).isPresent()) {
      return Uni.createFrom().item("Bearer " + this.config.apiKey().get());
    }
    var token = this.current.get();
    if (token != null && Instant.now().isBefore(token.refreshAfter())) {
      return Uni.createFrom().item("Bearer " + token.value());
    }
    // one exchange however many callers need it now: the first caller installs it, the others share its outcome
    return this.exchanging.updateAndGet(pending -> pending != null
        ? pending
        : exchange().onTermination().invoke(() -> this.exchanging.set(null)).memoize().indefinitely())
        .map(fetched -> "Bearer " + fetched.value());
  }

  /**
   * A server-side call was refused as unauthenticated or not permitted: the cached token is dropped (the next call
   * exchanges anew) and the refusal becomes {@code 503}.
   */
  public GatewayException refused(String call, GatewayException refusal) {
    this.current.set(null);
    Log.errorf("CloudBase refused the gateway's server credential on %s (%s): check gateway.cloudbase.api-key or "
        + "gateway.cloudbase.secret-id/secret-key and the key's permissions", call, refusal.getMessage());
    return new GatewayException(ErrorId.UNAVAILABLE, "the gateway cannot manage CloudBase users right now (server credential refused)");
  }

  private Uni<Token> exchange() {
    var secretId = this.config.secretId().filter(value -> !value.isBlank());
    var secretKey = this.config.secretKey().filter(value -> !value.isBlank());
    if (secretId.isEmpty() || secretKey.isEmpty()) {
      Log.error("no CloudBase server credential: set gateway.cloudbase.api-key, or gateway.cloudbase.secret-id and secret-key");
      return Uni.createFrom()
          .failure(new GatewayException(ErrorId.UNAVAILABLE, "the gateway has no CloudBase server credential configured"));
    }
    var basic = Base64.getEncoder().encodeToString((secretId.get() + ":" + secretKey.get()).getBytes(StandardCharsets.UTF_8));
    var request = this.cloudBase.request(HttpMethod.POST, TOKEN_PATH).putHeader("Authorization", "Basic " + basic);
    return this.cloudBase.send(request, new JsonObject().put("grant_type", "client_credentials"))
        .onFailure(failure -> failure instanceof GatewayException && !(failure instanceof UpstreamFaultException))
        .transform(failure -> refused(TOKEN_PATH, (GatewayException) failure))
        .map(answer -> {
          var value = answer.getString("access_token");
          if (value == null || value.isBlank()) {
            throw new UpstreamFaultException(ErrorId.UPSTREAM_BAD_RESPONSE, "CloudBase gave no client-credentials token", null);
          }
          var lifetime = Math.max(0, answer.getLong("expires_in", 0L) - REFRESH_MARGIN_SECONDS);
          var token = new Token(value, Instant.now().plusSeconds(lifetime));
          this.current.set(token);
          return token;
        });
  }
}
