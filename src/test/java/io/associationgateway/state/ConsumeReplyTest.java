package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.associationgateway.domain.Channel;

/** {@link ConsumeForBindReply#parse} and {@link ConsumeForSudoReply#parse}. */
class ConsumeReplyTest {

  @Test
  void bindReadsATakenTokenAndEachRefusal() {
    assertThat(ConsumeForBindReply.parse(List.of("ok", "PHONE", "299000")))
        .isEqualTo(new ConsumeForBindReply.Taken(Channel.PHONE, 299_000));
    assertThat(ConsumeForBindReply.parse(List.of("ok", "EMAIL", "1")).check()).isEqualTo(TokenCheck.OK);
    assertThat(ConsumeForBindReply.parse(List.of("token_invalid")).check()).isEqualTo(TokenCheck.TOKEN_INVALID);
    assertThat(ConsumeForBindReply.parse(List.of("target_mismatch")).check()).isEqualTo(TokenCheck.TARGET_MISMATCH);
    assertThat(ConsumeForBindReply.parse(List.of("purpose_mismatch")).check()).isEqualTo(TokenCheck.PURPOSE_MISMATCH);
  }

  @Test
  void bindRefusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("ok"), List.of("ok", "FAX", "1"), List.of("ok", "PHONE", "later"),
        List.of("sudo_invalid"), List.of("token_invalid", "x"))) {
      assertThatThrownBy(() -> ConsumeForBindReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("consume-for-bind.lua");
    }
  }

  @Test
  void sudoReadsATakenTokenAndEachRefusal() {
    assertThat(ConsumeForSudoReply.parse(List.of("ok", "a@example.com")))
        .isEqualTo(new ConsumeForSudoReply(TokenCheck.OK, "a@example.com"));
    assertThat(ConsumeForSudoReply.parse(List.of("token_invalid"))).isEqualTo(new ConsumeForSudoReply(TokenCheck.TOKEN_INVALID, null));
    assertThat(ConsumeForSudoReply.parse(List.of("target_mismatch")).check()).isEqualTo(TokenCheck.TARGET_MISMATCH);
    assertThat(ConsumeForSudoReply.parse(List.of("purpose_mismatch")).check()).isEqualTo(TokenCheck.PURPOSE_MISMATCH);
  }

  @Test
  void sudoRefusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("ok"), Arrays.asList("ok", null), List.of("sudo_invalid"))) {
      assertThatThrownBy(() -> ConsumeForSudoReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("consume-for-sudo.lua");
    }
  }
}
