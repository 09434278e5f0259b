package io.associationgateway.state;

import java.util.List;

/** The reply of {@code budget.lua}: {@code {'ok'}} or {@code {'cap', retry_after_ms}}. */
sealed interface BudgetReply {

  /** Counted (or given back). */
  record Counted() implements BudgetReply {
  }

  /** The budget is used up; its window ends in {@code retryAfterMs}. */
  record Capped(long retryAfterMs) implements BudgetReply {
  }

  static BudgetReply parse(List<String> reply) {
    if (reply.size() == 1 && "ok".equals(reply.get(0))) {
      return new Counted();
    }
    if (reply.size() == 2 && "cap".equals(reply.get(0))) {
      return new Capped(ScriptReply.number("budget", reply, 1));
    }
    throw ScriptReply.unexpected("budget", reply);
  }
}
