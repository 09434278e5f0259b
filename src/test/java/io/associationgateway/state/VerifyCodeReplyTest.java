package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.associationgateway.failure.Refusal;

/** {@link VerifyCodeReply#parse} and the outcome each reply becomes. */
class VerifyCodeReplyTest {

  @Test
  void readsEveryReplyIntoItsOutcome() {
    assertThat(VerifyCodeReply.parse(List.of("ok")).outcome()).isEqualTo(VerifyOutcome.verified());
    assertThat(VerifyCodeReply.parse(List.of("wrong", "2")).outcome()).isEqualTo(VerifyOutcome.wrong(2));
    assertThat(VerifyCodeReply.parse(List.of("wrong", "0")).outcome()).isEqualTo(VerifyOutcome.wrong(0));
    assertThat(VerifyCodeReply.parse(List.of("exhausted")).outcome()).isEqualTo(VerifyOutcome.exhausted());
    assertThat(VerifyCodeReply.parse(List.of("missing")).outcome()).isEqualTo(VerifyOutcome.missing());
    assertThat(VerifyCodeReply.parse(List.of("locked", "61000")).outcome())
        .isEqualTo(VerifyOutcome.refused(Refusal.of(Refusal.Scope.TARGET, Refusal.Kind.LOCKOUT, 61_000)));
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("wrong"), List.of("wrong", "x"), List.of("locked"), List.of("ok", "1"),
        List.of("token_invalid"))) {
      assertThatThrownBy(() -> VerifyCodeReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("verify-code.lua");
    }
  }
}
