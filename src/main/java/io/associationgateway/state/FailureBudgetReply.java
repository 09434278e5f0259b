package io.associationgateway.state;

import java.util.List;

/** The reply of {@code failure-budget.lua}: {@code {'ok'}} or, for a check, {@code {'cap', retry_after_ms}}. */
sealed interface FailureBudgetReply {

  /** There is budget left (check), or the failure was counted (count). */
  record Ok() implements FailureBudgetReply {
  }

  /** The cap of failures was reached; the window ends in {@code retryAfterMs}. */
  record Capped(long retryAfterMs) implements FailureBudgetReply {
  }

  static FailureBudgetReply parse(List<String> reply) {
    if (reply.size() == 1 && "ok".equals(reply.get(0))) {
      return new Ok();
    }
    if (reply.size() == 2 && "cap".equals(reply.get(0))) {
      return new Capped(ScriptReply.number("failure-budget", reply, 1));
    }
    throw ScriptReply.unexpected("failure-budget", reply);
  }
}
