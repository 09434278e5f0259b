package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link UndoSendReply#parse} and {@link PutHashReply#parse}: the two scripts that answer a bare number. */
class UndoSendAndPutHashReplyTest {

  @Test
  void undoSendAlwaysAnswersOne() {
    assertThat(UndoSendReply.parse(List.of("1"))).isEqualTo(new UndoSendReply());
    for (var reply : List.of(List.<String>of(), List.of("0"), List.of("1", "1"))) {
      assertThatThrownBy(() -> UndoSendReply.parse(reply)).isInstanceOf(IllegalStateException.class).hasMessageContaining("undo-send.lua");
    }
  }

  @Test
  void putHashAnswersWrittenOrAlreadyThere() {
    assertThat(PutHashReply.parse(List.of("1"))).isEqualTo(PutHashReply.WRITTEN);
    assertThat(PutHashReply.parse(List.of("0"))).isEqualTo(PutHashReply.ALREADY_THERE);
    for (var reply : List.of(List.<String>of(), List.of("2"), List.of("ok"))) {
      assertThatThrownBy(() -> PutHashReply.parse(reply)).isInstanceOf(IllegalStateException.class).hasMessageContaining("put-hash.lua");
    }
  }
}
