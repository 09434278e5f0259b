package io.associationgateway.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an audited step ended ({@code flow/Audit}): the {@code outcome} tag of {@code gateway_security_events_total}, the
 * {@code outcome=} field of the audit log and the {@code outcome} of a webhook event. The fixed outcomes are constants;
 * the others are made from a name the gateway already defines (a refusal's scope and kind, a check, a verify result, a
 * conflict resolution, an error id) or CloudBase's own error name, each through one factory. Wire names are part of the
 * API (dashboards, alerts and webhook receivers match on them): never rename one.
 */
public final class AuditOutcome {

  private static final Pattern WIRE = Pattern.compile("[a-z0-9_.\\-]+");

  public static final AuditOutcome SENT = new AuditOutcome("sent");
  /** A code "sent" to a sandbox number: nothing left the gateway. */
  public static final AuditOutcome SANDBOX = new AuditOutcome("sandbox");
  public static final AuditOutcome FAILED = new AuditOutcome("failed");
  public static final AuditOutcome BOUND = new AuditOutcome("bound");
  public static final AuditOutcome LINKED = new AuditOutcome("linked");
  public static final AuditOutcome UNLINKED = new AuditOutcome("unlinked");
  public static final AuditOutcome GRANTED = new AuditOutcome("granted");
  /** The other account of a DELETE_ACCOUNT_TRANSFER could not be deleted. */
  public static final AuditOutcome DELETE_FAILED = new AuditOutcome("delete_failed");
  public static final AuditOutcome REFUSED_STATE = refused("state");
  public static final AuditOutcome REFUSED_REDIRECT_URI = refused("redirect_uri");
  public static final AuditOutcome REFUSED_IP_CAP = refused("ip_cap");
  public static final AuditOutcome REFUSED_NO_SUDO = refused("no_sudo");
  public static final AuditOutcome REFUSED_SUDO_INVALID = refused("sudo_invalid");
  public static final AuditOutcome REFUSED_FOREIGN_ROUND = refused("foreign_round");
  public static final AuditOutcome REFUSED_LINKED_TO_ANOTHER_USER = refused("linked_to_another_user");
  public static final AuditOutcome REFUSED_LAST_METHOD = refused("last_method");
  public static final AuditOutcome REFUSED_OWNED_BY_ANOTHER_USER = refused("owned_by_another_user");
  public static final AuditOutcome REFUSED_COUNTRY = refused("country");
  public static final AuditOutcome REFUSED_DIRECTORY = refused("directory");

  private final String wireName;

  /** Lower case; a character outside {@code [a-z0-9_.-]} (only possible in a name CloudBase chose) becomes {@code _}. */
  private AuditOutcome(String name) {
    var lower = name.toLowerCase(Locale.ROOT);
    this.wireName = WIRE.matcher(lower).matches() ? lower : lower.replaceAll("[^a-z0-9_.\\-]", "_");
  }

  /** {@code refused_<reason>}: a refusal named by the gateway (error id, check, scope and kind) or by CloudBase. */
  public static AuditOutcome refused(String reason) {
    return new AuditOutcome("refused_" + reason);
  }

  /** {@code refused_<check>} for a token check, lower case. */
  public static AuditOutcome refused(Enum<?> check) {
    return refused(check.name());
  }

  /** {@code granted_by_<method>}: a sudo grant by {@code password} or {@code verification}. */
  public static AuditOutcome grantedBy(String method) {
    return new AuditOutcome("granted_by_" + method);
  }

  /** {@code bound_by_<resolution>}: a bind that took the contact from another account. */
  public static AuditOutcome boundBy(String conflictResolution) {
    return new AuditOutcome("bound_by_" + conflictResolution);
  }

  /** The lower-case name of a result the flow defines itself (a verify result, a conflict resolution). */
  public static AuditOutcome of(String result) {
    return new AuditOutcome(result);
  }

  /** The name on the wire, in metrics and in the log. */
  public String wireName() {
    return this.wireName;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AuditOutcome that && that.wireName.equals(this.wireName);
  }

  @Override
  public int hashCode() {
    return this.wireName.hashCode();
  }

  @Override
  public String toString() {
    return this.wireName;
  }
}
