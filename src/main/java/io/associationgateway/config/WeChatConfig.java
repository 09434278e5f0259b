package io.associationgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** WeChat OAuth apps whose identities the gateway links itself; other providers stay CloudBase's. */
@ConfigMapping(prefix = "gateway.wechat")
public interface WeChatConfig {

  /** WeChat API origin (token exchange, user info). <p>Defaults to {@code https://api.weixin.qq.com}.</p> */
  @WithDefault("https://api.weixin.qq.com")
  URI apiUrl();

  /** WeChat authorize-page origin. <p>Defaults to {@code https://open.weixin.qq.com}.</p> */
  @WithDefault("https://open.weixin.qq.com")
  URI openUrl();

  /**
   * The apps by CloudBase provider id, e.g. {@code gateway.wechat.apps.wx_open.app-id}: {@code wx_open} for a website
   * (QR connect) or mobile app, an official account ({@code kind=mp}) under another id such as {@code wx_mp}. Empty by
   * default: then every provider request goes to CloudBase.
   */
  Map<String, App> apps();

  /** How long a provider token lives. <p>Defaults to {@code 600s}.</p> */
  @WithDefault("600s")
  Duration providerTokenTtl();

  /** How long an OAuth {@code state} from {@code /provider/uri} can be used. <p>Defaults to {@code 600s}.</p> */
  @WithDefault("600s")
  Duration stateTtl();

  /** Time allowed for one WeChat call. <p>Defaults to {@code 5s}.</p> */
  @WithDefault("5s")
  Duration timeout();

  /**
   * Sandbox provider tokens, {@code token=code} entries: binding {@code token} exchanges {@code code} with WeChat (for
   * {@code wx_open}, else the first app) at that moment; reusable, unlike real provider tokens. The seed page's
   * {@code test_provider_token} in local mode. Refused by the prod profile.
   */
  Optional<List<String>> sandboxProviderTokens();

  /** One WeChat app. */
  interface App {

    /** The app's AppID. */
    String appId();

    /** The app's AppSecret; sent only to WeChat, never to clients or logs. */
    String appSecret();

    /** {@code open} (website QR connect, mobile app) or {@code mp} (official account pages). <p>Defaults to {@code open}.</p> */
    @WithDefault("open")
    Kind kind();

    /** OAuth scope; {@code snsapi_login} for {@code open}, {@code snsapi_userinfo} for {@code mp} when not set. */
    Optional<String> scope();
  }

  /** The kinds of WeChat app. */
  enum Kind { open, mp }
}
