package io.associationgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where CloudBase is, how the gateway proves itself to it, and which of its user APIs writes contacts. */
@ConfigMapping(prefix = "gateway.cloudbase")
public interface CloudBaseConfig {

  /**
   * Origin of the CloudBase environment's HTTP API, without {@code /auth}, e.g.
   * {@code https://my-env.api.tcloudbasegateway.com}. A path is allowed (the local emulator uses one); every call and
   * every pass-through request is sent to this origin plus the {@code /auth/v1/...} path. Required, no default:
   * optional here only so that a missing value is reported by the startup check with every other problem
   * ({@link ProductionSettingsCheck}), not alone by the configuration loader.
   */
  Optional<URI> url();

  /**
   * The CloudBase environment id ({@code EnvId} of the {@code tcb} API calls). Required, no default (checked at
   * startup like {@link #url()}).
   */
  Optional<String> envId();

  /**
   * A CloudBase API key (server key, created in the CloudBase console), sent as {@code Authorization: Bearer <key>} on
   * the gateway's server-side HTTP calls, with no token exchange. Takes precedence over the key pair below. Never sent
   * to clients or logs. No default.
   */
  Optional<String> apiKey();

  /**
   * Tencent Cloud SecretId of the account that owns the environment: signs the {@code tcb} API calls (TC3-HMAC-SHA256)
   * and, without an API key, is exchanged with {@link #secretKey()} for a server token at
   * {@code POST /auth/v1/token/clientCredential}. No default.
   */
  Optional<String> secretId();

  /** Tencent Cloud SecretKey paired with {@link #secretId()}. Never sent anywhere, never logged. No default. */
  Optional<String> secretKey();

  /**
   * Which CloudBase API writes a proved phone number or e-mail onto the user: {@code tcb} (Tencent Cloud API 3.0
   * {@code DescribeUserList} / {@code ModifyUser} / {@code DeleteUsers}, all documented; mainland China numbers only;
   * needs the key pair) or {@code http} ({@code POST /auth/v1/user/basic/edit}; its owner lookup is assumed).
   * <p>Defaults to {@code tcb}.</p>
   */
  @WithDefault("tcb")
  Directory directory();

  /** Origin of the Tencent Cloud API 3.0 for {@code tcb}. <p>Defaults to {@code https://tcb.tencentcloudapi.com}.</p> */
  @WithDefault("https://tcb.tencentcloudapi.com")
  URI tcbEndpoint();

  /** Time allowed for one CloudBase call, connection included. <p>Defaults to {@code 5s}.</p> */
  @WithDefault("5s")
  Duration timeout();

  /** Idle time allowed while a pass-through request or response streams. <p>Defaults to {@code 30s}.</p> */
  @WithDefault("30s")
  Duration passThroughIdleTimeout();

  /** Largest request body accepted on {@code /auth/v1/**}, in bytes. <p>Defaults to {@code 65536}.</p> */
  @WithDefault("65536")
  long maxBodyBytes();

  /** The user directories the gateway can write contacts through. */
  enum Directory {
    http, tcb
  }
}
