package io.associationgateway.upstream.email;

import java.time.Duration;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.smallrye.mutiny.Uni;

/** Delivers a one-time code by e-mail. */
public interface EmailSender {

  /** Sends {@code code}, valid for {@code ttl}, to {@code email}, in the best language of {@code acceptLanguage}. */
  Uni<Void> sendCode(ContactTarget email, String code, Duration ttl, String acceptLanguage);

  /** Sends a security notice (no code) to {@code email}, in the best language of {@code acceptLanguage}. */
  Uni<Void> sendNotice(ContactTarget email, Notice notice, String acceptLanguage);
}
