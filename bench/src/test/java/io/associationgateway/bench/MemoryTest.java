package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The memory phase's live heap: what is reachable at a full collection, nothing allocated after it. */
class MemoryTest {

  private static volatile byte[] sink;

  /**
   * A program under load allocates while the harness reads its heap. Read as "heap used" by a second {@code jcmd} after
   * {@code GC.run}, whatever it allocated in between (tens of MiB at this rate) counted as live, and more so the faster
   * the program ran, which inflated the live heap per request in flight.
   */
  @Test
  void garbageAllocatedWhileTheLiveHeapIsReadDoesNotCount() throws Exception {
    var pid = ProcessHandle.current().pid();
    var quiet = Memory.liveHeapKib(pid);
    var stop = new AtomicBoolean();
    var churn = new Thread(() -> {
      while (!stop.get()) {
        sink = new byte[64 * 1024];
      }
    });
    churn.start();
    try {
      for (var i = 0; i < 3; i++) {
        var busy = Memory.liveHeapKib(pid);
        assertTrue(quiet > 0 && busy > 0 && busy < quiet + 8 * 1024, "quiet " + quiet + " KiB, while allocating " + busy + " KiB");
      }
    } finally {
      stop.set(true);
      churn.join();
    }
  }

  /** A run of one level (scenario B alone) reports no slope instead of "NaN KiB per request in flight". */
  @Test
  void oneLevelHasNoSlope() {
    assertEquals("no slope (fewer than two levels read)", Memory.slopeText(new double[] {Double.NaN, Double.NaN}));
    assertEquals("**20.4 KiB per request in flight** (least squares; intercept 20216 KiB)", Memory.slopeText(new double[] {20.41, 20216.2}));
  }

  /**
   * The collector's fillers are dead space, not live objects: SerialGC's full collection leaves some dead objects in
   * place as fillers, a few MiB that came and went between readings of the same level (rows as {@code jcmd} prints
   * them, Java 25).
   */
  @Test
  void fillersAreNotLive() {
    var histogram = """
        23401:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        141688       10851096  [B (java.base@25.0.3)
           2:            49        3847536  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
           3:           912          14592  jdk.internal.vm.FillerObject (java.base@25.0.3)
           4:        105406        2529744  java.lang.String (java.base@25.0.3)
        Total       1374946       60846168
        """;
    assertEquals(60846168L - 3847536 - 14592, Memory.liveBytes(histogram));
    assertEquals(-1, Memory.liveBytes("23401:\nno histogram\n"));
  }
}
