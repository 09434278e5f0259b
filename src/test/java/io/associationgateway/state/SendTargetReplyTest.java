package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.associationgateway.failure.Refusal;

/** {@link SendTargetReply#parse}. */
class SendTargetReplyTest {

  @Test
  void readsAStoredCodeWithOrWithoutAPreviousOne() {
    assertThat(SendTargetReply.parse(List.of("ok", ""))).isEqualTo(new SendTargetReply.Stored(""));
    assertThat(SendTargetReply.parse(List.of("ok", "gw:code:{t0ab}:x"))).isEqualTo(new SendTargetReply.Stored("gw:code:{t0ab}:x"));
  }

  @Test
  void readsEachKindOfRefusalAsATargetRefusal() {
    assertThat(SendTargetReply.parse(List.of("target", "lockout", "5000")))
        .isEqualTo(new SendTargetReply.Refused(Refusal.Kind.LOCKOUT, 5000));
    assertThat(SendTargetReply.parse(List.of("target", "cooldown", "42")))
        .isEqualTo(new SendTargetReply.Refused(Refusal.Kind.COOLDOWN, 42));
    var cap = (SendTargetReply.Refused) SendTargetReply.parse(List.of("target", "cap", "-5"));
    assertThat(cap.refusal()).isEqualTo(Refusal.of(Refusal.Scope.TARGET, Refusal.Kind.CAP, 0));
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("ok"), Arrays.asList("ok", null), List.of("target", "attempts", "1"),
        List.of("target", "cap"), List.of("user", "cap", "1"))) {
      assertThatThrownBy(() -> SendTargetReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("send-target.lua");
    }
  }
}
