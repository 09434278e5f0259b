package io.associationgateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the gateway waits for what a client sends. */
@ConfigMapping(prefix = "gateway.http")
public interface HttpServerConfig {

  /**
   * Time a request body has to arrive in full, counted from the moment the request is routed (its headers read). A body
   * still incomplete then is answered {@code 408 deadline_exceeded} (error code 4080) and the connection is closed,
   * whatever the endpoint, pass-through included; nothing has been sent upstream by then. Bodies are small (at most
   * {@code gateway.cloudbase.max-body-bytes}), so a live client needs a fraction of this even on a poor mobile link;
   * without it a client sending a byte every few seconds would hold a request in flight for as long as it likes.
   * <p>Defaults to {@code 5s}.</p>
   */
  @WithDefault("5s")
  Duration bodyTimeout();
}
