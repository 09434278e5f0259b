package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link BudgetReply#parse}: every reply budget.lua gives, and what it cannot give. */
class BudgetReplyTest {

  @Test
  void readsEveryReply() {
    assertThat(BudgetReply.parse(List.of("ok"))).isEqualTo(new BudgetReply.Counted());
    assertThat(BudgetReply.parse(List.of("cap", "1234"))).isEqualTo(new BudgetReply.Capped(1234));
  }

  @Test
  void refusesWhatTheScriptCannotSay() {
    for (var reply : List.of(List.<String>of(), List.of("cap"), List.of("cap", "soon"), List.of("ok", "1"), List.of("target"))) {
      assertThatThrownBy(() -> BudgetReply.parse(reply)).isInstanceOf(IllegalStateException.class).hasMessageContaining("budget.lua");
    }
  }
}
