package io.associationgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lifetimes and limits of the association flow's own artefacts (sudo grants, codes, verification tokens). */
@ConfigMapping(prefix = "gateway.flow")
public interface FlowConfig {

  /** How long a sudo grant lives after re-authentication. <p>Defaults to {@code 600s} (the seed's 10 minutes).</p> */
  @WithDefault("600s")
  Duration sudoTtl();

  /** How long a one-time code (and its {@code verification_id}) can be verified. <p>Defaults to {@code 600s}.</p> */
  @WithDefault("600s")
  Duration codeTtl();

  /** Number of decimal digits in a one-time code. <p>Defaults to {@code 6}.</p> */
  @WithDefault("6")
  int codeLength();

  /** Wrong tries allowed per code; the code is dead after that many. <p>Defaults to {@code 5}.</p> */
  @WithDefault("5")
  int maxCodeAttempts();

  /** How long a {@code verification_token} can be used after the code was proved. <p>Defaults to {@code 600s}.</p> */
  @WithDefault("600s")
  Duration verificationTokenTtl();

  /** How long CloudBase's answer to {@code GET /auth/v1/user/me} is cached per access token. <p>Defaults to {@code 30s}.</p> */
  @WithDefault("30s")
  Duration callerCacheTtl();

  /**
   * Server key for the HMAC-SHA256 that stores codes at rest (at least 32 characters). Required; there is no default
   * outside the {@code local} and {@code test} profiles.
   */
  String codeHmacKey();

  /**
   * Sandbox recipients that always receive a fixed code instead of a random one, as {@code address=code} entries
   * (e.g. {@code +86 13800000000=000000}). Meant for store reviewers and local runs; empty by default and should stay
   * empty in production.
   */
  Optional<List<String>> sandboxRecipients();
}
