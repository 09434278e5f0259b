package io.associationgateway.domain;

import java.util.Locale;

/**
 * The security steps the gateway records ({@code flow/Audit}): the {@code event} tag of
 * {@code gateway_security_events_total}, the {@code event=} field of the audit log and the {@code type} of a webhook
 * event. The wire names are part of the API (dashboards, alerts and webhook receivers match on them): never rename one.
 */
public enum AuditEvent {
  SUDO("sudo"), CODE_SEND("code.send"), CODE_VERIFY("code.verify"), BIND("bind"), TRANSFER("transfer"), PROVIDER_URI(
      "provider.uri"), PROVIDER_GRANT("provider.grant"), PROVIDER_LINK("provider.link"), PROVIDER_UNLINK(
          "provider.unlink"), NOTICE_ADDED("notice.added"), NOTICE_REPLACED("notice.replaced"), NOTICE_MOVED_AWAY("notice.moved_away");

  private final String wireName;

  AuditEvent(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, in metrics and in the log. */
  public String wireName() {
    return this.wireName;
  }

  /** The notice event for a notice of {@code kind}. */
  public static AuditEvent notice(Notice.Kind kind) {
    var name = "notice." + kind.name().toLowerCase(Locale.ROOT);
    for (var event : values()) {
      if (event.wireName.equals(name)) {
        return event;
      }
    }
    throw new IllegalArgumentException("no audit event for notice " + kind);
  }
}
