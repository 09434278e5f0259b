package io.associationgateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Load shedding: how much work one replica accepts at once before it refuses more. */
@ConfigMapping(prefix = "gateway.overload")
public interface OverloadConfig {

  /**
   * Requests this replica serves at once (every API path, pass-through included; {@code /q/} health, metrics and
   * OpenAPI are never counted nor refused, nor are CORS preflights, which the CORS filter answers first). One more is
   * answered at once with {@code 503 unavailable}, {@code details {scope: gateway, kind: overloaded}} and
   * {@code Retry-After: 1}, before its body is read and before any Redis or upstream work, so nothing is spent. Each
   * request in flight holds its buffers, connection and reactive chain, and when more arrive than the CPU can serve
   * they pile up until the garbage collector takes the CPU and throughput collapses; this cap is what keeps an
   * overloaded replica serving. Each flow has one request in flight at a time: in-flight requests ≈ flows/s × flow
   * latency, and 2,000 flows waiting on 500 ms upstreams need 2,000. With a 256 MiB heap, offered 30 % more than its
   * peak, a replica held 2,089 flows/s with 1,024, 865 with 2,048 and 260 with 4,096 (BENCHMARKS.md): lower it when
   * upstreams are fast and the heap is small. <p>Defaults to {@code 2048}.</p>
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

  /**
   * Percent of {@link #maxInFlight()} kept for callers already in a flow. A request is the next step of a flow when its
   * caller (its {@code x-device-id}, which the official SDK sends on every call, or else its {@code Authorization}
   * header) had a 2xx answer from this replica within {@link #flowWindow()} (CORS preflights never reach the gate: the
   * CORS filter in front of it answers them). Other requests are refused once {@code max-in-flight} minus this share
   * are running; next steps only at {@code max-in-flight}. So when more callers come than a replica can serve, it turns
   * new flows away and finishes the ones it started: without the reserve every freed slot went to whichever request
   * came first, usually a refused client asking again, and a flow whose second, third or fourth step was refused had
   * spent its earlier steps for nothing. No request is admitted beyond {@code max-in-flight}, so the reserve gives no
   * caller more than the gate gave before. {@code 0} turns it off.
   * <p>Defaults to {@code 25}.</p>
   */
  @WithDefault("25")
  int reservePercent();

  /**
   * How long after a 2xx answer a caller counts as in a flow for {@link #reservePercent()}. The flow's own artefacts
   * live {@code gateway.flow.sudo-ttl} and {@code code-ttl} (10 minutes), so a user who types a code a few minutes later
   * is still in it. Remembered in a fixed 1 MiB table per replica (no Redis round trip): under heavy churn the
   * callers answered longest ago are forgotten first. <p>Defaults to {@code 600s}.</p>
   */
  @WithDefault("600s")
  Duration flowWindow();
}
