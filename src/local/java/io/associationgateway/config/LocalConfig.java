package io.associationgateway.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Local mode: everything the gateway needs, served by itself. Refused by the {@code prod} profile. */
@ConfigMapping(prefix = "gateway.local")
public interface LocalConfig {

  /**
   * Serve the CloudBase emulators: the HTTP API under {@code /local/cloudbase/auth/v1}, the {@code tcb} API under
   * {@code /local/tcb} and CloudBase's WeChat upstream under {@code /local/wechat}. <p>Defaults to {@code false}.</p>
   */
  @WithDefault("false")
  boolean emulator();

  /** Serve {@code GET /local/outbox}, the list of codes the outbox senders "delivered". <p>Defaults to {@code false}.</p> */
  @WithDefault("false")
  boolean outbox();

  /** Port of the embedded Redis started when {@code quarkus.redis.hosts-provider-name=embedded-redis}; {@code 0} picks a free one. <p>Defaults to {@code 0}.</p> */
  @WithDefault("0")
  int redisPort();

  /**
   * The emulated environment's API key: {@code Authorization: Bearer <api-key>} is an admin credential on the emulated
   * HTTP API. <p>No default: without it the emulator accepts no API key.</p>
   */
  Optional<String> apiKey();

  /**
   * The emulated Tencent Cloud SecretId: with {@link #secretKey()} it buys admin tokens at
   * {@code POST /auth/v1/token/clientCredential} and signs {@code tcb} API calls. <p>No default: without it neither is accepted.</p>
   */
  Optional<String> secretId();

  /** The emulated Tencent Cloud SecretKey paired with {@link #secretId()}. <p>No default.</p> */
  Optional<String> secretKey();

  /** The emulated environment's id, the only {@code EnvId} the {@code tcb} API emulator accepts. <p>Defaults to {@code your-env-id}.</p> */
  @WithDefault("your-env-id")
  String envId();

  /**
   * A Redis that local mode uses instead of starting the embedded one, e.g. {@code redis://redis:6379} (the compose
   * stack's Redis, shared by its replicas). Read by the {@code embedded-redis} hosts provider. <p>Defaults to none: the
   * embedded Redis is started.</p>
   */
  Optional<URI> redisUrl();
}
