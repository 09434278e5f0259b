package io.associationgateway.config;

import java.time.Duration;
import java.util.Locale;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How one-time codes reach mailboxes: SMTP through the Quarkus Mailer ({@code quarkus.mailer.*}), or the local outbox. */
@ConfigMapping(prefix = "gateway.email")
public interface EmailConfig {

  /** Which sender delivers mail. <p>Defaults to {@code smtp}; {@code outbox} is for local mode only.</p> */
  @WithDefault("smtp")
  Provider provider();

  /** Language used when {@code Accept-Language} names none of the templates' languages. <p>Defaults to {@code zh-CN}.</p> */
  @WithDefault("zh-CN")
  Locale defaultLocale();

  /** Time allowed for handing one message to the SMTP server. <p>Defaults to {@code 10s}.</p> */
  @WithDefault("10s")
  Duration timeout();

  /** Mail delivery choices. */
  enum Provider {
    smtp, outbox
  }
}
