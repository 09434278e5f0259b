package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link FailureBudgetReply#parse}: every reply failure-budget.lua gives, and what it cannot give. */
class FailureBudgetReplyTest {

  @Test
  void readsEveryReply() {
    assertThat(FailureBudgetReply.parse(List.of("ok"))).isEqualTo(new FailureBudgetReply.Ok());
    assertThat(FailureBudgetReply.parse(List.of("cap", "900000"))).isEqualTo(new FailureBudgetReply.Capped(900_000));
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("cap"), List.of("cap", "soon"), List.of("ok", "1"), List.of("counted"))) {
      assertThatThrownBy(() -> FailureBudgetReply.parse(reply)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("failure-budget.lua");
    }
  }
}
