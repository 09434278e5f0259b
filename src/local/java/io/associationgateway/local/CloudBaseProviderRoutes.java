package io.associationgateway.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.RoutingContext;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The emulated HTTP API's provider flow for {@code wx_open}: {@code provider/uri}, {@code provider/token} (the code is
 * exchanged with the local WeChat emulator over HTTP with the console's AppID/AppSecret, never blocking),
 * {@code user/provider/bind} (only provider tokens this emulator minted, or the seed's sandbox token), the user's
 * provider list and unlink, and {@code signin/with/provider}. A WeChat identity belongs to at most one user.
 */
@Singleton
class CloudBaseProviderRoutes {

  /** The seed's sandbox provider token: reusable, standing for the WeChat identity of code {@code seed-code}. */
  static final String SANDBOX_TOKEN = "test_provider_token";
  static final String SANDBOX_CODE = "seed-code";
  private static final Duration WECHAT_TIMEOUT = Duration.ofSeconds(5);

  private final EmulatorUsers users;
  private final EmulatorAuth auth;
  private final Vertx vertx;
  private final int configuredPort;
  private WebClient client;

  CloudBaseProviderRoutes(EmulatorUsers users, EmulatorAuth auth, Vertx vertx,
      @ConfigProperty(name = "quarkus.http.port") int configuredPort) {
    this.users = users;
    this.auth = auth;
    this.vertx = vertx;
    this.configuredPort = configuredPort;
  }

  void install(CloudBaseEmulator.Routes routes) {
    this.client = WebClient.create(this.vertx);
    this.users.registerSandboxProviderToken(SANDBOX_TOKEN, WeChatEmulator.identity(SANDBOX_CODE));
    routes.add(HttpMethod.GET, "/provider/uri", CloudBaseEmulator.sync(this::uri));
    routes.add(HttpMethod.POST, "/provider/token", this::token);
    routes.add(HttpMethod.POST, "/user/provider/bind", CloudBaseEmulator.sync(this::bind));
    routes.add(HttpMethod.GET, "/user/provider", CloudBaseEmulator.sync(this::list));
    routes.add(HttpMethod.DELETE, "/user/provider/:provider_id", CloudBaseEmulator.sync(this::unbind));
    routes.add(HttpMethod.POST, "/signin/with/provider", CloudBaseEmulator.sync(this::signIn));
  }

  private EmulatorReply uri(RoutingContext ctx, JsonObject body) {
    var refusal = deviceAndProvider(ctx, ctx.request().getParam("provider_id"));
    if (refusal.isPresent()) {
      return refusal.get();
    }
    var redirect = ctx.request().getParam("redirect_uri");
    if (redirect == null || redirect.isEmpty()) {
      return EmulatorReply.invalid("redirect_uri is required");
    }
    var host = Optional.ofNullable(ctx.request().getHeader("Host")).orElse("127.0.0.1:" + port(ctx));
    var state = ctx.request().getParam("state", "");
    var uri = ctx.request().scheme() + "://" + host + WeChatEmulator.BASE + "/connect/qrconnect?appid=" + WeChatConsoleApp.APP_ID
        + "&redirect_uri=" + encode(redirect) + "&response_type=code&scope=" + WeChatConsoleApp.SCOPE + "&state=" + encode(state)
        + "#wechat_redirect";
    return EmulatorReply.ok(new JsonObject().put("uri", uri));
  }

  private Uni<EmulatorReply> token(RoutingContext ctx, JsonObject body) {
    var refusal = deviceAndProvider(ctx, EmulatorReply.string(body, "provider_id"));
    if (refusal.isPresent()) {
      return Uni.createFrom().item(refusal.get());
    }
    var code = EmulatorReply.string(body, "provider_code");
    EmulatorReply.string(body, "provider_redirect_uri"); // type check only: a non-string is refused as invalid_argument
    if (code == null || code.isEmpty()) {
      return Uni.createFrom().item(EmulatorReply.invalid("provider_code is required"));
    }
    var port = port(ctx);
    return this.client.get(port, "127.0.0.1", WeChatEmulator.BASE + "/sns/oauth2/access_token")
        .addQueryParam("appid", WeChatConsoleApp.APP_ID).addQueryParam("secret", WeChatConsoleApp.APP_SECRET)
        .addQueryParam("code", code).addQueryParam("grant_type", "authorization_code")
        .timeout(WECHAT_TIMEOUT.toMillis()).send()
        .map(response -> response.bodyAsJsonObject())
        .flatMap(grant -> grant.containsKey("errcode")
            ? Uni.createFrom().item(refused(grant.getInteger("errcode")))
            : this.client.get(port, "127.0.0.1", WeChatEmulator.BASE + "/sns/userinfo")
                .addQueryParam("access_token", grant.getString("access_token")).addQueryParam("openid", grant.getString("openid"))
                .timeout(WECHAT_TIMEOUT.toMillis()).send()
                .map(response -> minted(response.bodyAsJsonObject())))
        .onFailure().recoverWithItem(failure -> EmulatorReply.error(502, "unavailable", "WeChat did not answer"));
  }

  private static EmulatorReply refused(int errcode) {
    return switch (errcode) {
      case 40029, 40163, 42003 -> EmulatorReply.error(400, "invalid_grant", "the WeChat code is invalid, used or expired");
      default -> EmulatorReply.error(502, "unavailable", "WeChat refused the exchange (errcode " + errcode + ")");
    };
  }

  private EmulatorReply minted(JsonObject info) {
    if (info.containsKey("errcode")) {
      return refused(info.getInteger("errcode"));
    }
    var sub = Optional.ofNullable(info.getString("unionid")).orElse(info.getString("openid"));
    var identity = new ProviderIdentity(sub, info.getString("nickname"), info.getString("headimgurl"));
    var token = this.users.mintProviderToken(identity);
    return EmulatorReply.ok(new JsonObject().put("provider_token", token).put("expires_in", EmulatorUsers.PROVIDER_TTL.toSeconds())
        .put("provider_profile", new JsonObject().put("provider_id", ProviderIdentity.WX_OPEN).put("sub", identity.sub())
            .put("name", identity.name()).put("picture", identity.picture())));
  }

  private EmulatorReply bind(RoutingContext ctx, JsonObject body) {
    var user = this.auth.user(ctx);
    if (user.isEmpty()) {
      return EmulatorReply.unauthenticated();
    }
    var token = EmulatorReply.string(body, "provider_token");
    var identity = this.users.providerIdentity(token);
    if (identity.isEmpty()) {
      return EmulatorReply.error(400, "invalid_grant", "Provider token invalid or expired");
    }
    var owner = this.users.byIdentity(identity.get().sub());
    if (owner.isPresent() && !owner.get().id().equals(user.get().id())) {
      return EmulatorReply.error(409, "already_exists", "the third-party account is already bound to another user");
    }
    var current = user.get().wechat();
    if (current != null && !current.sub().equals(identity.get().sub())) {
      return EmulatorReply.error(400, "failed_precondition", "the user already has a wx_open identity; unbind it first");
    }
    var write = this.users.update(user.get().id(), linked -> linked.withWechat(identity.get()));
    if (write.isEmpty()) {
      return EmulatorReply.unauthenticated();
    }
    if (write.get().conflict().isPresent()) {
      return EmulatorReply.error(409, "already_exists", "the third-party account is already bound to another user");
    }
    this.users.spendProviderToken(token);
    return EmulatorReply.empty();
  }

  private EmulatorReply list(RoutingContext ctx, JsonObject body) {
    return this.auth.user(ctx).map(user -> {
      var entry = new JsonObject().put("id", ProviderIdentity.WX_OPEN).put("name", "WeChat").put("provider_type", "oauth")
          .put("bind", user.wechat() != null);
      if (user.wechat() != null) {
        entry.put("provider_user_name", user.wechat().name());
      }
      return EmulatorReply.ok(new JsonObject().put("total", 1).put("data", new JsonArray().add(entry)));
    }).orElseGet(EmulatorReply::unauthenticated);
  }

  private EmulatorReply unbind(RoutingContext ctx, JsonObject body) {
    var user = this.auth.user(ctx);
    if (user.isEmpty()) {
      return EmulatorReply.unauthenticated();
    }
    if (!ProviderIdentity.WX_OPEN.equals(ctx.pathParam("provider_id")) || user.get().wechat() == null) {
      return EmulatorReply.error(404, "provider_not_found", "no such provider bound to the user");
    }
    this.users.update(user.get().id(), linked -> linked.withWechat(null));
    return EmulatorReply.empty();
  }

  private EmulatorReply signIn(RoutingContext ctx, JsonObject body) {
    if (missingDevice(ctx)) {
      return EmulatorReply.invalid("header x-device-id is required");
    }
    var token = EmulatorReply.string(body, "provider_token");
    var identity = this.users.providerIdentity(token);
    if (identity.isEmpty()) {
      return EmulatorReply.error(400, "invalid_grant", "Provider token invalid or expired");
    }
    var forceDisableSignUp = EmulatorReply.bool(body, "force_disable_sign_up", false);
    EmulatorReply.bool(body, "sync_profile", false); // type check only
    var user = this.users.byIdentity(identity.get().sub());
    if (user.isEmpty() && forceDisableSignUp) {
      return EmulatorReply.error(404, "user_not_found", "no user is bound to this third-party account");
    }
    var signedIn = user.orElseGet(() -> this.users.create(identity.get()));
    if (!signedIn.active()) {
      return EmulatorReply.error(400, "user_blocked", "the user is blocked");
    }
    this.users.spendProviderToken(token);
    return EmulatorReply.ok(this.users.credentials(signedIn));
  }

  private static Optional<EmulatorReply> deviceAndProvider(RoutingContext ctx, String providerId) {
    if (missingDevice(ctx)) {
      return Optional.of(EmulatorReply.invalid("header x-device-id is required"));
    }
    if (providerId == null || providerId.isEmpty()) {
      return Optional.of(EmulatorReply.invalid("provider_id is required"));
    }
    if (!ProviderIdentity.WX_OPEN.equals(providerId)) {
      return Optional
          .of(EmulatorReply.error(400, "provider_not_enabled", "provider " + providerId + " is not enabled in this environment"));
    }
    return Optional.empty();
  }

  private static boolean missingDevice(RoutingContext ctx) {
    var device = ctx.request().getHeader("x-device-id");
    return device == null || device.isBlank();
  }

  private int port(RoutingContext ctx) {
    var local = ctx.request().localAddress();
    return local != null && local.port() > 0 ? local.port() : this.configuredPort;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
