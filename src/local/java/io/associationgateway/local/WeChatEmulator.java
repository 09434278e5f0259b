package io.associationgateway.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.LocalModeGuard;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.Router;
import io.vertx.mutiny.ext.web.RoutingContext;

/**
 * Local mode's WeChat, under {@code /local/wechat}: the upstream of the emulated CloudBase, which exchanges codes here
 * with its console's {@code wx_open} app ({@link WeChatConsoleApp}, the only app known). Any code gives an identity
 * derived from it (a stable {@code unionid} and an app-specific {@code openid}); {@code used-code} answers 40163,
 * {@code bad-code} 40029, a missing code 41008. The authorize pages redirect straight back with a fresh code, as if
 * the user had scanned and agreed.
 */
@Singleton
public class WeChatEmulator {

  static final String BASE = "/local/wechat";

  private final LocalConfig config;

  public WeChatEmulator(LocalConfig config) {
    this.config = config;
  }

  void install(@Observes Router router) {
    if (!this.config.emulator()) {
      return;
    }
    LocalModeGuard.refuseInProd("the WeChat emulator (gateway.local.emulator)");
    router.get(BASE + "/sns/oauth2/access_token").handler(this::accessToken);
    router.get(BASE + "/sns/userinfo").handler(this::userInfo);
    router.get(BASE + "/connect/qrconnect").handler(this::authorize);
    router.get(BASE + "/connect/oauth2/authorize").handler(this::authorize);
  }

  private void accessToken(RoutingContext ctx) {
    var appId = ctx.request().getParam("appid", "");
    if (!WeChatConsoleApp.APP_ID.equals(appId)) {
      reply(ctx, error(40013, "invalid appid"));
      return;
    }
    if (!WeChatConsoleApp.APP_SECRET.equals(ctx.request().getParam("secret"))) {
      reply(ctx, error(40125, "invalid appsecret"));
      return;
    }
    var code = ctx.request().getParam("code");
    if (code == null || code.isEmpty()) {
      reply(ctx, error(41008, "missing code"));
    } else if (code.equals("used-code")) {
      reply(ctx, error(40163, "code been used"));
    } else if (code.equals("bad-code")) {
      reply(ctx, error(40029, "invalid code"));
    } else {
      var unionid = derive("u", code);
      var openid = derive("o", appId + "\n" + code);
      reply(ctx, new JsonObject().put("access_token", "wxat." + unionid + "." + openid).put("expires_in", 7200)
          .put("refresh_token", derive("r", code)).put("openid", openid).put("scope", WeChatConsoleApp.SCOPE).put("unionid", unionid));
    }
  }

  private void userInfo(RoutingContext ctx) {
    var parts = ctx.request().getParam("access_token", "").split("\\.");
    if (parts.length != 3 || !parts[2].equals(ctx.request().getParam("openid"))) {
      reply(ctx, error(40001, "invalid credential, access_token is invalid"));
      return;
    }
    reply(ctx, new JsonObject().put("openid", parts[2]).put("nickname", nickname(parts[1])).put("sex", 0)
        .put("headimgurl", picture(parts[1])).put("unionid", parts[1]));
  }

  /** The identity CloudBase's {@code wx_open} provider gets from exchanging {@code code} here (sub = unionid). */
  static ProviderIdentity identity(String code) {
    var unionid = derive("u", code);
    return new ProviderIdentity(unionid, nickname(unionid), picture(unionid));
  }

  private static String nickname(String unionid) {
    return "WeChat user " + unionid.substring(1, 5);
  }

  private static String picture(String unionid) {
    return "https://thirdwx.qlogo.cn/local/" + unionid + "/132";
  }

  private void authorize(RoutingContext ctx) {
    var redirect = ctx.request().getParam("redirect_uri");
    if (redirect == null) {
      ctx.response().setStatusCode(400).endAndForget("redirect_uri is required");
      return;
    }
    var code = "local-" + derive("c", Long.toString(System.nanoTime())).substring(1, 13);
    var state = ctx.request().getParam("state", "");
    var separator = redirect.contains("?") ? "&" : "?";
    ctx.response().setStatusCode(302).putHeader("Location", redirect + separator + "code=" + code + "&state="
        + URLEncoder.encode(state, StandardCharsets.UTF_8)).endAndForget();
  }

  private static JsonObject error(int errcode, String errmsg) {
    return new JsonObject().put("errcode", errcode).put("errmsg", errmsg);
  }

  private static void reply(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").endAndForget(body.encode());
  }

  private static String derive(String prefix, String seed) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
