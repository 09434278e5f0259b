package io.associationgateway.state;

import java.util.List;

import io.associationgateway.state.IdempotencyStore.Claim;
import io.associationgateway.state.IdempotencyStore.State;

/**
 * The reply of {@code idempotency-claim.lua}: {@code {'claimed'}} | {@code {'mismatch'}} | {@code {'running'}} |
 * {@code {'done', sealed answer}}, read as the store's {@link Claim}.
 */
final class IdempotencyClaimReply {

  private IdempotencyClaimReply() {
  }

  static Claim parse(List<String> reply) {
    var first = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
    if (reply.size() == 2 && first.equals("done") && reply.get(1) != null) {
      return new Claim(State.DONE, reply.get(1));
    }
    if (reply.size() == 1) {
      switch (first) {
        case "claimed" :
          return new Claim(State.CLAIMED, null);
        case "mismatch" :
          return new Claim(State.MISMATCH, null);
        case "running" :
          return new Claim(State.RUNNING, null);
        default :
          break;
      }
    }
    throw ScriptReply.unexpected("idempotency-claim", reply);
  }
}
