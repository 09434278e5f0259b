package io.associationgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where CloudBase is and how the gateway talks to it. */
@ConfigMapping(prefix = "gateway.cloudbase")
public interface CloudBaseConfig {

  /**
   * Origin of the CloudBase environment's auth API, without {@code /auth}, e.g.
   * {@code https://my-env.ap-shanghai.tcb-api.tencentcloudapi.com}. A path is allowed (the local emulator uses one);
   * every call and every pass-through request is sent to this origin plus the {@code /auth/v1/...} path.
   */
  URI url();

  /**
   * OAuth client id of the environment for server-side user management ({@code /auth/v1/token/clientCredential}).
   * Usually the environment id.
   */
  String clientId();

  /** OAuth client secret for server-side user management. Required for binding; never sent to clients. */
  Optional<String> clientSecret();

  /** Time allowed for one CloudBase call, connection included. <p>Defaults to {@code 5s}.</p> */
  @WithDefault("5s")
  Duration timeout();

  /** Idle time allowed while a pass-through request or response streams. <p>Defaults to {@code 30s}.</p> */
  @WithDefault("30s")
  Duration passThroughIdleTimeout();

  /** Largest request body accepted on {@code /auth/v1/**}, in bytes. <p>Defaults to {@code 65536}.</p> */
  @WithDefault("65536")
  long maxBodyBytes();
}
