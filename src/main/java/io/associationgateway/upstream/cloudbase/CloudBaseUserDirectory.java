package io.associationgateway.upstream.cloudbase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.associationgateway.Channel;
import io.associationgateway.ContactTarget;
import io.associationgateway.ProviderIdentity;
import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.upstream.TransientUpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * {@link UserDirectory} on CloudBase's HTTP auth API with a client-credentials token
 * ({@code POST /auth/v1/token/clientCredential}, as {@code @cloudbase/node-sdk} obtains it). The lookup is
 * {@code GET /auth/v1/user/query} and the write {@code POST /auth/v1/user/basic/edit}; both paths are in the SDK's URL
 * table, their admin use and body fields ({@code phone_number}/{@code email} empty to clear, {@code status} DELETED or
 * ACTIVE) are assumed (README, "Assumed CloudBase wire details").
 */
@ApplicationScoped
public class CloudBaseUserDirectory implements UserDirectory {

  private static final long REFRESH_MARGIN_SECONDS = 60;

  private final CloudBaseClient cloudBase;
  private final CloudBaseConfig config;
  private final AtomicReference<AdminToken> adminToken = new AtomicReference<>();

  public CloudBaseUserDirectory(CloudBaseClient cloudBase, CloudBaseConfig config) {
    this.cloudBase = cloudBase;
    this.config = config;
  }

  private record AdminToken(String value, Instant refreshAfter) {
  }

  @Override
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Optional<DirectoryUser>> findOwner(ContactTarget target) {
    var field = fieldOf(target.channel());
    return adminToken().chain(token -> this.cloudBase.send(
            this.cloudBase.request(HttpMethod.GET, "/auth/v1/user/query").addQueryParam(field, target.value())
                .bearerTokenAuthentication(token), null))
        .map(CloudBaseUserDirectory::firstUserId);
  }

  @Override
  public Uni<Void> setContact(String userId, ContactTarget target) {
    return edit(new JsonObject().put("user_id", userId).put(fieldOf(target.channel()), target.value()));
  }

  @Override
  public Uni<Void> clearContact(String userId, Channel channel) {
    return edit(new JsonObject().put("user_id", userId).put(fieldOf(channel), ""));
  }

  @Override
  public Uni<Void> markDeleted(String userId, boolean deleted) {
    return edit(new JsonObject().put("user_id", userId).put("status", deleted ? "DELETED" : "ACTIVE"));
  }

  @Override
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Optional<String>> findProviderOwner(String providerUserId) {
    return adminToken().chain(token -> this.cloudBase.send(
            this.cloudBase.request(HttpMethod.GET, "/auth/v1/user/query").addQueryParam("provider_user_id", providerUserId)
                .bearerTokenAuthentication(token), null))
        .map(answer -> firstUserId(answer).map(DirectoryUser::id));
  }

  @Override
  public Uni<Void> linkProvider(String userId, ProviderIdentity identity) {
    var openids = new JsonObject().put(identity.appId(), identity.openid());
    var body = new JsonObject().put("user_id", userId).put("provider_id", identity.providerId()).put("provider_user_id", identity.key())
        .put("name", identity.nickname()).put("picture", identity.avatar())
        .put("meta", new JsonObject().put("unionid", identity.unionid()).put("openids", openids));
    return admin(HttpMethod.POST, "/auth/v1/user/provider/link", body);
  }

  @Override
  public Uni<Void> unlinkProvider(String userId, String providerId) {
    return admin(HttpMethod.POST, "/auth/v1/user/provider/unlink", new JsonObject().put("user_id", userId).put("provider_id", providerId));
  }

  private Uni<Void> edit(JsonObject body) {
    return admin(HttpMethod.POST, "/auth/v1/user/basic/edit", body);
  }

  private Uni<Void> admin(HttpMethod method, String path, JsonObject body) {
    return adminToken().chain(token -> this.cloudBase.send(this.cloudBase.request(method, path).bearerTokenAuthentication(token), body))
        .replaceWithVoid();
  }

  private Uni<String> adminToken() {
    var current = this.adminToken.get();
    if (current != null && Instant.now().isBefore(current.refreshAfter())) {
      return Uni.createFrom().item(current.value());
    }
    var secret = this.config.clientSecret().orElseThrow(() ->
        new GatewayException(ErrorId.UNAVAILABLE, "gateway.cloudbase.client-secret is not configured"));
    var basic = Base64.getEncoder().encodeToString((this.config.clientId() + ":" + secret).getBytes(StandardCharsets.UTF_8));
    var request = this.cloudBase.request(HttpMethod.POST, "/auth/v1/token/clientCredential").putHeader("Authorization", "Basic " + basic);
    return this.cloudBase.send(request, new JsonObject().put("grant_type", "client_credentials")).map(answer -> {
      var value = answer.getString("access_token");
      if (value == null) {
        throw new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, "CloudBase gave no client-credentials token");
      }
      var lifetime = Math.max(0, answer.getLong("expires_in", 0L) - REFRESH_MARGIN_SECONDS);
      this.adminToken.set(new AdminToken(value, Instant.now().plusSeconds(lifetime)));
      return value;
    });
  }

  private static String fieldOf(Channel channel) {
    return channel == Channel.PHONE ? "phone_number" : "email";
  }

  private static Optional<DirectoryUser> firstUserId(JsonObject answer) {
    var users = answer.getJsonArray("data");
    if (users == null || users.isEmpty()) {
      return Optional.empty();
    }
    var user = users.getJsonObject(0);
    var id = user.getString("sub", user.getString("user_id", user.getString("id")));
    return id == null ? Optional.empty() : Optional.of(new DirectoryUser(id, user.getString("phone_number"), user.getString("email")));
  }
}
