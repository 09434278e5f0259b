package io.associationgateway.config;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Local mode: everything the gateway needs, served by itself. Refused by the {@code prod} profile. */
@ConfigMapping(prefix = "gateway.local")
public interface LocalConfig {

  /** Serve the CloudBase emulator under {@code /local/cloudbase}. <p>Defaults to {@code false}.</p> */
  @WithDefault("false")
  boolean emulator();

  /** Serve {@code GET /local/outbox}, the list of codes the outbox senders "delivered". <p>Defaults to {@code false}.</p> */
  @WithDefault("false")
  boolean outbox();

  /** Port of the embedded Redis started when {@code quarkus.redis.hosts-provider-name=embedded-redis}; {@code 0} picks a free one. <p>Defaults to {@code 0}.</p> */
  @WithDefault("0")
  int redisPort();

  /**
   * A Redis that local mode uses instead of starting the embedded one, e.g. {@code redis://redis:6379} (the compose
   * stack's Redis, shared by its replicas). Read by the {@code embedded-redis} hosts provider. <p>Defaults to none: the
   * embedded Redis is started.</p>
   */
  Optional<URI> redisUrl();
}
