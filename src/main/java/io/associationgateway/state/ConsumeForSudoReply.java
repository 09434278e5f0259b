package io.associationgateway.state;

import java.util.List;

/**
 * The reply of {@code consume-for-sudo.lua}: {@code {'token_invalid'}} | {@code {'purpose_mismatch'}} |
 * {@code {'target_mismatch'}} | {@code {'ok', target}}; {@code target} is set only when taken.
 */
record ConsumeForSudoReply(TokenCheck check, String target) {

  static ConsumeForSudoReply parse(List<String> reply) {
    var first = reply.isEmpty() ? "" : String.valueOf(reply.get(0));
    if (reply.size() == 2 && first.equals("ok") && reply.get(1) != null) {
      return new ConsumeForSudoReply(TokenCheck.OK, reply.get(1));
    }
    if (reply.size() == 1) {
      switch (first) {
        case "token_invalid" :
          return new ConsumeForSudoReply(TokenCheck.TOKEN_INVALID, null);
        case "target_mismatch" :
          return new ConsumeForSudoReply(TokenCheck.TARGET_MISMATCH, null);
        case "purpose_mismatch" :
          return new ConsumeForSudoReply(TokenCheck.PURPOSE_MISMATCH, null);
        default :
          break;
      }
    }
    throw ScriptReply.unexpected("consume-for-sudo", reply);
  }
}
