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
   * any Redis or upstream work, so nothing is spent. Each request in flight holds its buffers, connection and
   * reactive chain, and when more arrive than the CPU can serve they pile up until the garbage collector takes the CPU
   * and throughput collapses; this cap is what keeps an overloaded replica serving. Each flow has one request in flight
   * at a time: in-flight requests ≈ flows/s × flow latency, and 2,000 flows waiting on 500 ms upstreams need 2,000.
   * With a 256 MiB heap, offered 30 % more than its peak, a replica held 2,089 flows/s with 1,024, 865 with 2,048 and
   * 260 with 4,096 (BENCHMARKS.md): lower it when upstreams are fast and the heap is small. <p>Defaults to {@code 2048}.</p>
   */
  @WithDefault("2048")
  int maxInFlight();

  /**
   * Requests one client IP may have in flight on this replica at once (the IP as {@code gateway.policy.trusted-proxies}
   * resolves it; IPv6 clients counted per /64). One more is answered at once with {@code 429 resource_exhausted},
   * {@code details {scope: ip, kind: cap}} and {@code Retry-After: 1}, before anything is read or spent, so one host
   * cannot take the whole {@link #maxInFlight()} with slow requests. Counted in memory per replica (no Redis round
   * trip): with {@code n} replicas one IP may hold {@code n} times this. A browser uses at most 6 connections per host;
   * keep room for offices and carrier NATs sharing one address, and set {@code gateway.policy.trusted-proxies} when a
   * proxy is in front, or every client shares the proxy's address. <p>Defaults to {@code 64}.</p>
   */
  @WithDefault("64")
  int maxInFlightPerIp();
}
