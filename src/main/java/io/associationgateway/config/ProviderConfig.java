package io.associationgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Linking a provider (WeChat) through CloudBase's relayed OAuth round: which redirect URIs a round may use, and how the
 * gateway ties a round to the user or device that started it.
 */
@ConfigMapping(prefix = "gateway.provider")
public interface ProviderConfig {

  /**
   * The redirect URIs a linking round may send the browser back to, compared exactly (scheme, host, port, path and
   * query as written here). {@code GET /auth/v1/provider/uri} with any other {@code redirect_uri} is refused
   * {@code 400 invalid_argument} before CloudBase is asked and before anything is stored. An entry on a loopback host
   * without a port ({@code http://127.0.0.1/cb}, {@code http://localhost/cb}) matches that URI on any port, as RFC 8252
   * (section 7.3) asks for loopback redirects of native apps. <p>No default: with none configured every round is
   * refused.</p>
   */
  Optional<List<String>> redirectUris();

  /**
   * How long an OAuth {@code state} the gateway minted stays usable (it is single use). <p>Defaults to {@code 10m}.</p>
   */
  @WithDefault("10m")
  Duration stateTtl();

  /** Longest {@code redirect_uri} (and {@code provider_redirect_uri}) accepted. <p>Defaults to {@code 2048}.</p> */
  @WithDefault("2048")
  int maxRedirectUriLength();

  /** Longest {@code state} accepted from a client. <p>Defaults to {@code 256}.</p> */
  @WithDefault("256")
  int maxStateLength();

  /**
   * Provider tokens that may be bound without a linking round of this gateway: the local-mode emulator's sandbox token
   * that the seed's snippet binds. Never set in production (the startup check refuses it there). <p>No default.</p>
   */
  Optional<List<String>> sandboxTokens();
}
