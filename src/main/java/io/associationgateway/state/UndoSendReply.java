package io.associationgateway.state;

import java.util.List;

/** The reply of {@code undo-send.lua}: always {@code 1}, once the send is taken back. */
record UndoSendReply() {

  static UndoSendReply parse(List<String> reply) {
    if (!List.of("1").equals(reply)) {
      throw ScriptReply.unexpected("undo-send", reply);
    }
    return new UndoSendReply();
  }
}
