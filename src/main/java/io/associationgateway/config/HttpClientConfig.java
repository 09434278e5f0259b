package io.associationgateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's HTTP clients to its upstreams (CloudBase API and pass-through, Tencent SMS, WeChat). */
@ConfigMapping(prefix = "gateway.http-client")
public interface HttpClientConfig {

  /**
   * Keep-alive connections each upstream client may open. Calls wait for a free connection beyond that, so this caps
   * how many upstream calls are in flight: with 500 ms upstreams, 2,000 flows in flight keep about 1,600 CloudBase
   * calls open at once, and bursts go above that. Connections are cheap for a non-blocking client (idle ones close
   * after the client's idle timeout). <p>Defaults to {@code 4096}.</p>
   */
  @WithDefault("4096")
  int maxConnectionsPerUpstream();

  /**
   * Whether TLS to the upstreams runs in BoringSSL (Netty's {@code netty-tcnative-boringssl-static}, shipped for
   * linux-x86_64 and linux-aarch_64) rather than in the JDK's engine; the same certificate and host-name checks apply
   * either way. BoringSSL spends less CPU per request (BENCHMARKS.md). The image loads the library from its own
   * {@code /deployments/native}; elsewhere Netty first copies it to {@code java.io.tmpdir}. Where it cannot load
   * (another platform, or that copy on a {@code noexec} mount), or with {@code false} (a JDK-only policy such as a
   * FIPS provider), the JDK's engine is used; the start-up log says which.
   * <p>Defaults to {@code true}.</p>
   */
  @WithDefault("true")
  boolean openssl();
}
