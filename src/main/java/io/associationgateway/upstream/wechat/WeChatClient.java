package io.associationgateway.upstream.wechat;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.associationgateway.api.ErrorId;
import io.associationgateway.api.GatewayException;
import io.associationgateway.config.HttpClientConfig;
import io.associationgateway.config.WeChatConfig;
import io.associationgateway.upstream.TransientUpstreamException;
import io.associationgateway.upstream.Upstream;
import io.associationgateway.upstream.UpstreamFailures;
import io.associationgateway.upstream.UpstreamGuards;
import io.associationgateway.upstream.UpstreamMetrics;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** WeChat OAuth 2.0: {@code sns/oauth2/access_token} (code exchange) and {@code sns/userinfo}, behind WeChat's circuit breaker. */
@ApplicationScoped
public class WeChatClient {

  static final String UPSTREAM = "WeChat";

  private final WebClient client;
  private final String api;
  private final long timeoutMillis;
  private final UpstreamMetrics metrics;
  private final UpstreamGuards guards;

  public WeChatClient(Vertx vertx, WeChatConfig config, UpstreamMetrics metrics, UpstreamGuards guards, HttpClientConfig http) {
    this.metrics = metrics;
    this.guards = guards;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(http.maxConnectionsPerUpstream()).setConnectTimeout((int) config.timeout().toMillis()));
    this.api = CloudBaseClient.origin(config.apiUrl());
    this.timeoutMillis = config.timeout().toMillis();
  }

  /** What the code exchange gave. */
  public record Grant(String accessToken, String openid, String unionid, String scope) {
  }

  /** What {@code sns/userinfo} gave. */
  public record Profile(String nickname, String avatar, String unionid) {
  }

  /** Exchanges a one-time code (never retried: a code works once). */
  public Uni<Grant> exchangeCode(WeChatConfig.App app, String code) {
    return this.guards.guard(Upstream.WECHAT, () -> this.metrics.timed(UPSTREAM, this.client.getAbs(this.api + "/sns/oauth2/access_token").timeout(this.timeoutMillis)
        .addQueryParam("appid", app.appId()).addQueryParam("secret", app.appSecret())
        .addQueryParam("code", code).addQueryParam("grant_type", "authorization_code")
        .send().plug(sent -> UpstreamFailures.within(this.timeoutMillis, sent)))
        .onFailure().transform(failure -> UpstreamFailures.map(UPSTREAM, failure))
        .map(response -> answer(response.statusCode(), response.bodyAsString())))
        .map(answer -> new Grant(answer.getString("access_token"), answer.getString("openid"), blankToNull(answer.getString("unionid")),
            answer.getString("scope", "")));
  }

  /** The user's profile; idempotent, so retried when WeChat is unreachable. */
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Profile> userInfo(String accessToken, String openid) {
    return this.guards.guard(Upstream.WECHAT, () -> this.metrics.timed(UPSTREAM, this.client.getAbs(this.api + "/sns/userinfo").timeout(this.timeoutMillis)
        .addQueryParam("access_token", accessToken).addQueryParam("openid", openid).addQueryParam("lang", "zh_CN")
        .send().plug(sent -> UpstreamFailures.within(this.timeoutMillis, sent)))
        .onFailure().transform(failure -> UpstreamFailures.map(UPSTREAM, failure))
        .map(response -> answer(response.statusCode(), response.bodyAsString())))
        .map(answer -> new Profile(answer.getString("nickname"), answer.getString("headimgurl"), blankToNull(answer.getString("unionid"))));
  }

  /** WeChat answers HTTP 200 with {@code {errcode, errmsg}} on failure; its codes become CloudBase errors. */
  static JsonObject answer(int status, String body) {
    JsonObject answer;
    try {
      answer = new JsonObject(body == null ? "" : body);
    } catch (RuntimeException notJson) {
      throw UpstreamFailures.badAnswer(UPSTREAM, status);
    }
    if (status >= 500) {
      throw UpstreamFailures.badAnswer(UPSTREAM, status);
    }
    var errcode = answer.getInteger("errcode", 0);
    if (errcode == 0 && status < 400) {
      return answer;
    }
    Log.infof("WeChat refused: errcode=%d", errcode);
    throw switch (errcode) {
      case 40029, 40163, 42003 -> new GatewayException(ErrorId.INVALID_GRANT, "the WeChat code is invalid, expired or already used (errcode " + errcode + ")");
      case 41008 -> new GatewayException(ErrorId.INVALID_ARGUMENT, "provider_code is missing (WeChat errcode 41008)");
      case -1 -> new TransientUpstreamException("WeChat is busy (errcode -1)", null);
      case 48001 -> new GatewayException(ErrorId.PERMISSION_DENIED, "the WeChat authorisation does not cover this (errcode 48001)");
      default -> new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, "WeChat refused the call (errcode " + errcode + ")");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @PreDestroy
  void close() {
    this.client.close();
  }
}
