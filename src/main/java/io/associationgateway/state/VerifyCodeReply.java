package io.associationgateway.state;

import java.util.List;

import io.associationgateway.failure.Refusal;

/**
 * The reply of {@code verify-code.lua}: {@code {'missing'}} | {@code {'locked', retry_ms}} | {@code {'exhausted'}} |
 * {@code {'wrong', attempts_left}} | {@code {'ok'}}.
 */
sealed interface VerifyCodeReply {

  /** What the flow makes of it. */
  VerifyOutcome outcome();

  /** Right code: the token exists, the code and the target's failures and pointer are gone. */
  record Verified() implements VerifyCodeReply {
    public VerifyOutcome outcome() {
      return VerifyOutcome.verified();
    }
  }

  /** Wrong code, counted against the code and its target. */
  record Wrong(int attemptsLeft) implements VerifyCodeReply {
    public VerifyOutcome outcome() {
      return VerifyOutcome.wrong(this.attemptsLeft);
    }
  }

  /** The code used up its tries earlier. */
  record Exhausted() implements VerifyCodeReply {
    public VerifyOutcome outcome() {
      return VerifyOutcome.exhausted();
    }
  }

  /** No such code, or no longer the target's live one. */
  record Missing() implements VerifyCodeReply {
    public VerifyOutcome outcome() {
      return VerifyOutcome.missing();
    }
  }

  /** The target is locked for wrong codes for {@code retryAfterMs}. */
  record Locked(long retryAfterMs) implements VerifyCodeReply {
    public VerifyOutcome outcome() {
      return VerifyOutcome.refused(Refusal.of(Refusal.Scope.TARGET, Refusal.Kind.LOCKOUT, this.retryAfterMs));
    }
  }

  static VerifyCodeReply parse(List<String> reply) {
    var first = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
    return switch (first + "/" + reply.size()) {
      case "ok/1" -> new Verified();
      case "wrong/2" -> new Wrong(Math.toIntExact(ScriptReply.number("verify-code", reply, 1)));
      case "exhausted/1" -> new Exhausted();
      case "missing/1" -> new Missing();
      case "locked/2" -> new Locked(ScriptReply.number("verify-code", reply, 1));
      default -> throw ScriptReply.unexpected("verify-code", reply);
    };
  }
}
