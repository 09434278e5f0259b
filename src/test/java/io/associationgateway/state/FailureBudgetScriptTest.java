package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code failure-budget.lua} (wrong sudo passwords per user and per IP), one case per reply branch. */
@QuarkusTest
class FailureBudgetScriptTest extends ScriptTest {

  private static final long WINDOW = 900_000L;

  @Test
  void countingAFailureStartsTheWindowOnTheFirstOneAndKeepsIt() {
    var counter = key("pwu");

    assertThat(run(PasswordGuessStore.FAILURES, List.of(counter), 0, WINDOW, "count")).containsExactly("ok");
    assertThat(get(counter)).isEqualTo("1");
    assertThat(pttl(counter)).isBetween(WINDOW - 10_000, WINDOW);

    redis.key().pexpire(counter, 50_000);
    assertThat(runParsed(PasswordGuessStore.FAILURES, FailureBudgetReply::parse, List.of(counter), 0, WINDOW, "count"))
        .isEqualTo(new FailureBudgetReply.Ok());
    assertThat(get(counter)).isEqualTo("2");
    assertThat(pttl(counter)).isBetween(1L, 50_000L);
  }

  @Test
  void aCheckUnderTheCapSaysOkAndChangesNothing() {
    var counter = key("pwu");
    set(counter, "4", 40_000);

    assertThat(run(PasswordGuessStore.FAILURES, List.of(counter), 5, WINDOW, "check")).containsExactly("ok");
    assertThat(get(counter)).isEqualTo("4");
    assertThat(pttl(counter)).isBetween(30_000L, 40_000L);

    var fresh = key("pwu-fresh");
    assertThat(run(PasswordGuessStore.FAILURES, List.of(fresh), 5, WINDOW, "check")).containsExactly("ok");
    assertThat(get(fresh)).isNull();
  }

  @Test
  void aCheckAtTheCapRefusesWithTheWindowsRest() {
    var counter = key("pwip");
    set(counter, "5", 40_000);

    var reply = run(PasswordGuessStore.FAILURES, List.of(counter), 5, WINDOW, "check");

    assertThat(reply).hasSize(2).first().isEqualTo("cap");
    assertThat(Long.parseLong(reply.get(1))).isBetween(30_000L, 40_000L);
    assertThat(FailureBudgetReply.parse(reply)).isInstanceOf(FailureBudgetReply.Capped.class);
    assertThat(get(counter)).isEqualTo("5");
  }
}
