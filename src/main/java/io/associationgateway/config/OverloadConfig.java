package io.associationgateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Load shedding: how much work one replica accepts at once before it refuses more. */
@ConfigMapping(prefix = "gateway.overload")
public interface OverloadConfig {

  /**
   * Requests this replica serves at once (every API path, pass-through included; {@code /q/} health, metrics and
   * OpenAPI are never counted nor refused). One more is answered at once with {@code 503 unavailable},
   * {@code details {scope: gateway, kind: overloaded}} and {@code Retry-After: 1}, before its body is read and before
   * any Redis or upstream work, so nothing is spent. This bounds the memory an overload can take: each request in
   * flight holds its buffers and its reactive chain. Each flow has one request in flight at a time, so 2,000 flows
   * waiting on 500 ms upstreams need about 2,000. <p>Defaults to {@code 4096}.</p>
   */
  @WithDefault("4096")
  int maxInFlight();
}
