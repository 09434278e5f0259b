package io.associationgateway.upstream.sms;

import java.time.Duration;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.Notice;
import io.smallrye.mutiny.Uni;

/** Delivers a one-time code to a phone. Never retried: a retry could send a second SMS. */
public interface SmsSender {

  /** Sends {@code code}, valid for {@code ttl}, to {@code phone}. Fails with a typed refusal when the provider does. */
  Uni<Void> sendCode(ContactTarget phone, String code, Duration ttl);

  /** Sends a security notice (no code) to {@code phone}. */
  Uni<Void> sendNotice(ContactTarget phone, Notice notice);
}
