package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code budget.lua}, one case per reply branch. */
@QuarkusTest
class BudgetScriptTest extends ScriptTest {

  private static final long WINDOW = 3_600_000L;

  @Test
  void underTheCapCountsAndStartsTheWindowOnTheFirstUse() {
    var counter = key("budget");

    assertThat(run(PendingCodeStore.BUDGET, List.of(counter), 2, WINDOW, "1")).containsExactly("ok");
    assertThat(get(counter)).isEqualTo("1");
    assertThat(pttl(counter)).isBetween(WINDOW - 10_000, WINDOW);

    // a second use counts but does not restart the window
    redis.key().pexpire(counter, 50_000);
    assertThat(runParsed(PendingCodeStore.BUDGET, BudgetReply::parse, List.of(counter), 2, WINDOW, "1"))
        .isEqualTo(new BudgetReply.Counted());
    assertThat(get(counter)).isEqualTo("2");
    assertThat(pttl(counter)).isBetween(1L, 50_000L);
  }

  @Test
  void atTheCapRefusesWithTheWindowsRestAndCountsNothing() {
    var counter = key("budget");
    set(counter, "2", 40_000);

    var reply = run(PendingCodeStore.BUDGET, List.of(counter), 2, WINDOW, "1");

    assertThat(reply).hasSize(2).first().isEqualTo("cap");
    assertThat(Long.parseLong(reply.get(1))).isBetween(30_000L, 40_000L);
    assertThat(BudgetReply.parse(reply)).isInstanceOf(BudgetReply.Capped.class);
    assertThat(get(counter)).isEqualTo("2");
    assertThat(pttl(counter)).isBetween(30_000L, 40_000L);
  }

  @Test
  void givingBackDecrementsAndKeepsTheWindow() {
    var counter = key("budget");
    set(counter, "3", 40_000);

    assertThat(run(PendingCodeStore.BUDGET, List.of(counter), 0, WINDOW, "-1")).containsExactly("ok");
    assertThat(get(counter)).isEqualTo("2");
    assertThat(pttl(counter)).isBetween(30_000L, 40_000L);
  }

  @Test
  void givingBackNothingCountedLeavesNoKey() {
    var counter = key("budget");

    assertThat(run(PendingCodeStore.BUDGET, List.of(counter), 0, WINDOW, "-1")).containsExactly("ok");
    assertThat(exists(counter)).isFalse();

    set(counter, "0", 40_000);
    assertThat(run(PendingCodeStore.BUDGET, List.of(counter), 0, WINDOW, "-1")).containsExactly("ok");
    assertThat(get(counter)).isEqualTo("0");
  }
}
