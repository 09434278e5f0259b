package io.associationgateway.local;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.Channel;
import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.config.LocalConfig;
import io.associationgateway.flow.ContactNormalizer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;
import io.vertx.mutiny.ext.web.handler.BodyHandler;

/**
 * Local mode's CloudBase: the calls the gateway makes (and the official SDK's password sign-in) answered over real
 * HTTP under {@code /local/cloudbase/auth/v1}, so the real CloudBase adapter runs against it. Users live in memory:
 * {@code demo}/{@code passwd} with no phone or email, {@code taken}/{@code passwd} owning {@code +86 13900000000} and
 * {@code taken@example.com}. After a bind, the new phone or email signs in with the same password.
 */
@Singleton
public class CloudBaseEmulator {

  static final String BASE = "/local/cloudbase/auth/v1";
  private static final int TOKEN_SECONDS = 7200;
  private static final long MAX_BODY = 65_536;

  private final Map<String, EmulatedUser> users = new ConcurrentHashMap<>();
  private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Boolean> adminTokens = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ContactNormalizer normalizer;
  private final CloudBaseConfig cloudBase;
  private final LocalConfig config;

  public CloudBaseEmulator(ContactNormalizer normalizer, CloudBaseConfig cloudBase, LocalConfig config) {
    this.normalizer = normalizer;
    this.cloudBase = cloudBase;
    this.config = config;
    save(new EmulatedUser("user-demo", "demo", "passwd", null, null));
    save(new EmulatedUser("user-taken", "taken", "passwd", "+86 13900000000", "taken@example.com"));
  }

  private record Reply(int status, JsonObject body) {
    static Reply ok(JsonObject body) {
      return new Reply(200, body);
    }

    static Reply error(int status, String error, String description) {
      return new Reply(status, new JsonObject().put("error", error).put("error_description", description));
    }
  }

  void install(@Observes Router router) {
    if (!this.config.emulator()) {
      return;
    }
    LocalModeGuard.refuseInProd("the CloudBase emulator (gateway.local.emulator)");
    route(router, "POST", "/signin", this::signIn);
    route(router, "POST", "/token", this::refresh);
    route(router, "GET", "/user/me", (ctx, body) -> withUser(ctx, user -> Reply.ok(user.profile())));
    route(router, "POST", "/user/sudo", this::sudo);
    route(router, "POST", "/user/signout", (ctx, body) -> Reply.ok(new JsonObject()));
    route(router, "POST", "/token/clientCredential", this::clientCredential);
    route(router, "GET", "/user/query", this::query);
    route(router, "POST", "/user/basic/edit", this::edit);
    route(router, "POST", "/user/provider/link", this::link);
    route(router, "POST", "/user/provider/unlink", this::unlink);
    router.route(BASE + "/*").handler(ctx -> send(ctx, Reply.error(404, "not_found", "the local CloudBase emulator does not implement " + ctx.request().path())));
  }

  private void route(Router router, String method, String path, BiFunction<RoutingContext, JsonObject, Reply> handler) {
    var route = router.route(io.vertx.core.http.HttpMethod.valueOf(method), BASE + path);
    route.handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    route.handler(ctx -> {
      JsonObject body;
      try {
        var buffer = ctx.body().buffer();
        body = buffer == null || buffer.length() == 0 ? new JsonObject() : new JsonObject(buffer.toString(StandardCharsets.UTF_8));
      } catch (RuntimeException notJson) {
        send(ctx, Reply.error(400, "invalid_argument", "body is not JSON"));
        return;
      }
      send(ctx, handler.apply(ctx, body));
    });
  }

  private static void send(RoutingContext ctx, Reply reply) {
    ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json").endAndForget(reply.body().encode());
  }

  private Reply signIn(RoutingContext ctx, JsonObject body) {
    var login = body.getString("username", "");
    var user = findByLogin(login).filter(EmulatedUser::active);
    if (user.isEmpty() || !user.get().password().equals(body.getString("password"))) {
      return Reply.error(400, "invalid_username_or_password", "wrong username or password");
    }
    return Reply.ok(credentials(user.get()));
  }

  private Reply refresh(RoutingContext ctx, JsonObject body) {
    var userId = this.refreshTokens.get(body.getString("refresh_token", ""));
    if (userId == null || !"refresh_token".equals(body.getString("grant_type"))) {
      return Reply.error(400, "invalid_grant", "refresh token invalid or expired");
    }
    return Reply.ok(credentials(this.users.get(userId)));
  }

  private Reply sudo(RoutingContext ctx, JsonObject body) {
    return withUser(ctx, user -> user.password().equals(body.getString("password"))
        ? Reply.ok(new JsonObject().put("sudo_token", token("cbsudo_")).put("expires_in", 600))
        : Reply.error(400, "invalid_password", "wrong password"));
  }

  private Reply clientCredential(RoutingContext ctx, JsonObject body) {
    var expected = "Basic " + Base64.getEncoder().encodeToString(
        (this.cloudBase.clientId() + ":" + this.cloudBase.clientSecret().orElse("")).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(ctx.request().getHeader("Authorization")) || !"client_credentials".equals(body.getString("grant_type"))) {
      return Reply.error(401, "unauthenticated", "client credentials rejected");
    }
    var token = token("cbadmin_");
    this.adminTokens.put(token, Boolean.TRUE);
    return Reply.ok(new JsonObject().put("token_type", "Bearer").put("access_token", token).put("expires_in", TOKEN_SECONDS));
  }

  private Reply query(RoutingContext ctx, JsonObject body) {
    if (!isAdmin(ctx)) {
      return Reply.error(403, "permission_denied", "needs a client-credentials token");
    }
    var phone = ctx.request().getParam("phone_number");
    var email = ctx.request().getParam("email");
    var providerUser = ctx.request().getParam("provider_user_id");
    var found = phone != null ? findBy(Channel.PHONE, phone) : email != null ? findBy(Channel.EMAIL, email)
        : providerUser != null ? this.users.values().stream().filter(user -> user.hasProviderUser(providerUser)).findFirst()
        : Optional.<EmulatedUser>empty();
    var data = new io.vertx.core.json.JsonArray();
    found.ifPresent(user -> data.add(user.profile()));
    return Reply.ok(new JsonObject().put("total", data.size()).put("data", data));
  }

  private Reply edit(RoutingContext ctx, JsonObject body) {
    if (!isAdmin(ctx)) {
      return Reply.error(403, "permission_denied", "needs a client-credentials token");
    }
    var user = this.users.get(body.getString("user_id", ""));
    if (user == null) {
      return Reply.error(404, "user_not_found", "no such user");
    }
    if (body.containsKey("status")) {
      save(user.withStatus(body.getString("status")));
      return Reply.ok(new JsonObject());
    }
    var phone = body.getString("phone_number");
    var channel = phone != null ? Channel.PHONE : Channel.EMAIL;
    var raw = phone != null ? phone : body.getString("email");
    if ("".equals(raw)) {
      save(channel == Channel.PHONE ? user.withPhone(null) : user.withEmail(null));
      return Reply.ok(new JsonObject());
    }
    var value = this.normalizer.normalizeKnown(channel, raw).orElse(null);
    if (value == null) {
      return Reply.error(400, "invalid_argument", "phone_number, email or status required");
    }
    var owner = findBy(channel, value);
    if (owner.isPresent() && !owner.get().id().equals(user.id())) {
      return Reply.error(409, "already_exists", "already bound to another user");
    }
    save(channel == Channel.PHONE ? user.withPhone(value) : user.withEmail(value));
    return Reply.ok(new JsonObject());
  }

  /** Links a provider identity, or merges a new app's openid into the user's existing link for it. */
  private Reply link(RoutingContext ctx, JsonObject body) {
    var user = isAdmin(ctx) ? this.users.get(body.getString("user_id", "")) : null;
    if (user == null) {
      return Reply.error(isAdmin(ctx) ? 404 : 403, isAdmin(ctx) ? "user_not_found" : "permission_denied", "no such user, or not an admin token");
    }
    var key = body.getString("provider_user_id");
    var owner = this.users.values().stream().filter(other -> other.hasProviderUser(key)).findFirst();
    if (owner.isPresent() && !owner.get().id().equals(user.id())) {
      return Reply.error(409, "already_exists", "linked to another user");
    }
    var links = new io.vertx.core.json.JsonArray();
    JsonObject existing = null;
    for (var entry : user.providers()) {
      var link = (JsonObject) entry;
      if (key.equals(link.getString("provider_user_id"))) {
        existing = link;
      } else {
        links.add(link);
      }
    }
    var meta = body.getJsonObject("meta", new JsonObject());
    if (existing != null) {
      var openids = existing.getJsonObject("meta", new JsonObject()).getJsonObject("openids", new JsonObject()).copy()
          .mergeIn(meta.getJsonObject("openids", new JsonObject()));
      existing = existing.copy();
      existing.getJsonObject("meta").put("openids", openids);
    } else {
      existing = new JsonObject().put("id", body.getString("provider_id")).put("provider_user_id", key).put("name", body.getString("name"))
          .put("picture", body.getString("picture")).put("meta", meta.copy().put("linked_at", java.time.Instant.now().toString()));
    }
    links.add(existing);
    save(user.withProviders(links));
    return Reply.ok(new JsonObject());
  }

  private Reply unlink(RoutingContext ctx, JsonObject body) {
    var user = isAdmin(ctx) ? this.users.get(body.getString("user_id", "")) : null;
    if (user == null) {
      return Reply.error(isAdmin(ctx) ? 404 : 403, isAdmin(ctx) ? "user_not_found" : "permission_denied", "no such user, or not an admin token");
    }
    var links = new io.vertx.core.json.JsonArray();
    user.providers().forEach(entry -> {
      if (!body.getString("provider_id", "").equals(((JsonObject) entry).getString("id"))) {
        links.add(entry);
      }
    });
    save(user.withProviders(links));
    return Reply.ok(new JsonObject());
  }

  private Reply withUser(RoutingContext ctx, java.util.function.Function<EmulatedUser, Reply> action) {
    var header = ctx.request().getHeader("Authorization");
    var userId = header != null && header.startsWith("Bearer ") ? this.accessTokens.get(header.substring(7)) : null;
    var user = userId == null ? null : this.users.get(userId);
    if (user == null || !user.active()) {
      return Reply.error(401, "unauthenticated", "access token invalid or expired");
    }
    return action.apply(user);
  }

  private boolean isAdmin(RoutingContext ctx) {
    var header = ctx.request().getHeader("Authorization");
    return header != null && header.startsWith("Bearer ") && this.adminTokens.containsKey(header.substring(7));
  }

  private JsonObject credentials(EmulatedUser user) {
    var access = token("cbat_");
    var refresh = token("cbrt_");
    this.accessTokens.put(access, user.id());
    this.refreshTokens.put(refresh, user.id());
    return new JsonObject().put("token_type", "Bearer").put("access_token", access).put("refresh_token", refresh)
        .put("expires_in", TOKEN_SECONDS).put("scope", "user").put("sub", user.id()).put("groups", new io.vertx.core.json.JsonArray());
  }

  private Optional<EmulatedUser> findByLogin(String login) {
    return this.users.values().stream().filter(user -> user.username().equals(login)).findFirst()
        .or(() -> findBy(Channel.PHONE, login)).or(() -> findBy(Channel.EMAIL, login));
  }

  private Optional<EmulatedUser> findBy(Channel channel, String raw) {
    var value = this.normalizer.normalizeKnown(channel, raw);
    return value.flatMap(wanted -> this.users.values().stream()
        .filter(user -> wanted.equals(channel == Channel.PHONE ? user.phoneNumber() : user.email())).findFirst());
  }

  private void save(EmulatedUser user) {
    this.users.put(user.id(), user);
  }

  private String token(String prefix) {
    var bytes = new byte[24];
    this.random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
