package io.associationgateway.state;

import java.util.List;

import io.associationgateway.failure.Refusal;

/**
 * The reply of {@code send-target.lua}: {@code {'ok', previous live code key or ''}} or
 * {@code {'target', kind, retry_after_ms}}.
 */
sealed interface SendTargetReply {

  /** Counted and stored; {@code previousCode} is the key of the code it replaced as the live one, or {@code ""}. */
  record Stored(String previousCode) implements SendTargetReply {
  }

  /** The target's own limit {@code kind} ({@code lockout}, {@code cooldown} or {@code cap}) refused; nothing was counted. */
  record Refused(Refusal.Kind kind, long retryAfterMs) implements SendTargetReply {

    Refusal refusal() {
      return Refusal.of(Refusal.Scope.TARGET, this.kind, this.retryAfterMs);
    }
  }

  static SendTargetReply parse(List<String> reply) {
    if (reply.size() == 2 && "ok".equals(reply.get(0)) && reply.get(1) != null) {
      return new Stored(reply.get(1));
    }
    if (reply.size() == 3 && "target".equals(reply.get(0))) {
      var kind = switch (String.valueOf(reply.get(1))) {
        case "lockout" -> Refusal.Kind.LOCKOUT;
        case "cooldown" -> Refusal.Kind.COOLDOWN;
        case "cap" -> Refusal.Kind.CAP;
        default -> throw ScriptReply.unexpected("send-target", reply);
      };
      return new Refused(kind, ScriptReply.number("send-target", reply, 2));
    }
    throw ScriptReply.unexpected("send-target", reply);
  }
}
