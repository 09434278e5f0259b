package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The warm-up's settling reads a running JVM's JIT time from its perf data. */
class HarnessTest {

  @Test
  void jitSecondsOfARunningJvmGrowAsItCompiles() throws Exception {
    var pid = ProcessHandle.current().pid();
    var before = Harness.jitSeconds(pid);
    var sum = 0L;
    for (var i = 0; i < 50_000_000; i++) {
      sum += Long.numberOfTrailingZeros(i * 31L + sum);
    }
    var after = Harness.jitSeconds(pid);
    assertTrue(before > 0 && after >= before, before + " then " + after + " (" + sum + ")");
  }

  @Test
  void aProcessThatIsNotAJvmIsRefusedWithWhatJstatSaid() {
    assertThrows(IllegalStateException.class, () -> Harness.jitSeconds(1));
  }

  @Test
  void theWarmUpSettlesAtItsHighestStepsRateWhateverTheOrder() {
    assertEquals(60, Harness.settleRate(List.of("20:30", "40:30", "60:30")));
    assertEquals(600, Harness.settleRate(List.of("600:20", "150:20", "300:20")));
  }
}
