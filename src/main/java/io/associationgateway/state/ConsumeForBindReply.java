package io.associationgateway.state;

import java.util.List;

import io.associationgateway.domain.Channel;

/**
 * The reply of {@code consume-for-bind.lua}: {@code {'token_invalid'}} | {@code {'target_mismatch'}} |
 * {@code {'purpose_mismatch'}} | {@code {'ok', channel, pttl}}.
 */
sealed interface ConsumeForBindReply {

  /** {@link TokenCheck#OK} when taken, else why not. */
  TokenCheck check();

  /** Taken: the proved address's channel and the ms the token had left. */
  record Taken(Channel channel, long remainingMs) implements ConsumeForBindReply {
    public TokenCheck check() {
      return TokenCheck.OK;
    }
  }

  /** Not taken (and left as it was). */
  record Refused(TokenCheck check) implements ConsumeForBindReply {
  }

  static ConsumeForBindReply parse(List<String> reply) {
    var first = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
    if (reply.size() == 3 && first.equals("ok")) {
      Channel channel;
      try {
        channel = Channel.valueOf(String.valueOf(reply.get(1)));
      } catch (IllegalArgumentException e) {
        throw ScriptReply.unexpected("consume-for-bind", reply);
      }
      return new Taken(channel, ScriptReply.number("consume-for-bind", reply, 2));
    }
    if (reply.size() == 1) {
      switch (first) {
        case "token_invalid" :
          return new Refused(TokenCheck.TOKEN_INVALID);
        case "target_mismatch" :
          return new Refused(TokenCheck.TARGET_MISMATCH);
        case "purpose_mismatch" :
          return new Refused(TokenCheck.PURPOSE_MISMATCH);
        default :
          break;
      }
    }
    throw ScriptReply.unexpected("consume-for-bind", reply);
  }
}
