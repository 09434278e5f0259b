package io.associationgateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Abuse limits: send throttles, failure lockout, client IP buckets, SMS budget and countries, idempotency. */
@ConfigMapping(prefix = "gateway.policy")
public interface PolicyConfig {

  /**
   * Least time between two codes to the same phone number or email. E-mail limits count per mailbox: a {@code +tag}
   * and, for Gmail, dots do not make a new address. <p>Defaults to {@code 60s}.</p>
   */
  @WithDefault("60s")
  Duration resendCooldown();

  /** Codes sent to one phone number or email per hour. <p>Defaults to {@code 10}.</p> */
  @WithDefault("10")
  int sendsPerTargetPerHour();

  /** SMS sent for one user per day (CloudBase's own figure). <p>Defaults to {@code 30}.</p> */
  @WithDefault("30")
  int smsPerUserPerDay();

  /** E-mail codes sent for one user per day, to whatever addresses. <p>Defaults to {@code 30}.</p> */
  @WithDefault("30")
  int emailPerUserPerDay();

  /**
   * E-mail codes the whole gateway may send per hour; past it e-mail sends are refused, an alert metric
   * ({@code gateway_email_budget_exhausted_total}) counts up and an {@code ALERT} is logged. Keep it under the SMTP
   * provider's own quota. <p>Defaults to {@code 2000}.</p>
   */
  @WithDefault("2000")
  int globalEmailPerHour();

  /**
   * Wrong codes tried against one phone number or email per 24 h; after that many the address is locked for the rest
   * of the window. New codes do not reset the count; a right code does. <p>Defaults to {@code 100} (NIST SP 800-63B-4 §3.2.2).</p>
   */
  @WithDefault("100")
  int failuresPerTargetPerDay();

  /** Burst of code sends one client IP (IPv6: one /64) may make. <p>Defaults to {@code 20}.</p> */
  @WithDefault("20")
  int ipSendBurst();

  /** Code sends per minute one client IP earns back. <p>Defaults to {@code 10}.</p> */
  @WithDefault("10")
  int ipSendsPerMinute();

  /** Burst of code checks one client IP (IPv6: one /64) may make. <p>Defaults to {@code 30}.</p> */
  @WithDefault("30")
  int ipVerifyBurst();

  /** Code checks per minute one client IP earns back. <p>Defaults to {@code 30}.</p> */
  @WithDefault("30")
  int ipVerifiesPerMinute();

  /**
   * Proxies (addresses or CIDR ranges) whose {@code X-Forwarded-For} is believed. Empty by default: the client IP is
   * the socket's peer.
   */
  Optional<List<String>> trustedProxies();

  /** SMS the whole gateway may send per hour; past it SMS sends are refused and an alert metric counts up. <p>Defaults to {@code 1000}.</p> */
  @WithDefault("1000")
  int globalSmsPerHour();

  /** ISO 3166 regions whose numbers may receive SMS. <p>Defaults to {@code CN} (mainland China).</p> */
  @WithDefault("CN")
  List<String> smsCountries();

  /** Extra ISO 3166 regions allowed on top of {@link #smsCountries()}, e.g. {@code HK,MO}. */
  Optional<List<String>> smsExtraCountries();

  /**
   * {@code conflict_resolution} values allowed besides {@code DEFAULT}: {@code TRANSFER} (move the address from the
   * other account) and {@code DELETE_ACCOUNT_TRANSFER} (also mark the other account deleted). None by default.
   */
  Optional<List<String>> conflictResolutions();

  /**
   * Wrong passwords one user may give {@code POST /auth/v1/user/sudo} within {@link #sudoPasswordFailureWindow()};
   * then password sudo for that user is refused {@code 429 resource_exhausted} ({@code details {scope: user, kind: cap}})
   * without asking CloudBase, until the window ends.
   * <p>Defaults to {@code 10}.</p>
   */
  @WithDefault("10")
  int sudoPasswordFailuresPerUser();

  /**
   * Wrong sudo passwords from one client IP (IPv6: one /64), for any users, within {@link #sudoPasswordFailureWindow()};
   * then password sudo from it is refused {@code 429} ({@code details {scope: ip, kind: cap}}). <p>Defaults to {@code 30}.</p>
   */
  @WithDefault("30")
  int sudoPasswordFailuresPerIp();

  /** The window of the sudo password failure budgets, starting with its first failure. <p>Defaults to {@code 15m}.</p> */
  @WithDefault("15m")
  Duration sudoPasswordFailureWindow();

  /**
   * Whether linking ({@code POST /auth/v1/user/provider/bind}) and unlinking ({@code DELETE /auth/v1/user/provider/{id}})
   * a provider need a live sudo grant of the caller ({@code POST /auth/v1/user/sudo}), passed as {@code sudo_token}: a
   * field of the bind body, or a query parameter of either. Without one the call is refused {@code 403
   * permission_denied}, with another user's or an expired one {@code 400 invalid_grant}; CloudBase is not asked. On,
   * a stolen access token alone cannot add a permanent way into the account. Switch it off only for clients that cannot
   * call sudo first (the seed's WeChat snippet does not; local mode switches it off for it). <p>Defaults to {@code true}.</p>
   */
  @WithDefault("true")
  boolean providerLinkRequiresSudo();

  /** How long an {@code Idempotency-Key} answer is kept and replayed. <p>Defaults to {@code 24h}.</p> */
  @WithDefault("24h")
  Duration idempotencyTtl();
}
