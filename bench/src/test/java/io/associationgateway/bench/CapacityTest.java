package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CapacityTest {

  /** A 30 s probe at 86.4 flows/s whose flows all finished in 115 ms, as one probe of a recorded search. */
  private static LoadDriver.Result servedInFull(long arrivals) {
    var result = new LoadDriver.Result("open", 86.4, 30);
    result.arrivalsInWindow = arrivals;
    result.okInWindow = arrivals;
    result.achieved = arrivals / 30.0;
    for (long i = 0; i < arrivals; i++) {
      result.flow.recordValue(TimeUnit.MILLISECONDS.toNanos(115));
    }
    return result;
  }

  @Test
  void aProbeServedInFullPassesWhenThePoissonDrawOfferedFewerFlowsThanTheNominalRate() {
    // 2,471 arrivals instead of the nominal 2,592: 95.3 % of the rate, every one of them served
    assertTrue(Capacity.passes(servedInFull(2471), 150));
  }

  @Test
  void aProbeWhoseBacklogGrewFailsAlthoughItsLatencyWasWithinTheBound() {
    var result = servedInFull(2471);
    result.arrivalsInWindow = 2600; // 129 arrived but were not done by the end of the window
    assertFalse(Capacity.passes(result, 150));
  }

  @Test
  void aProbeOverTheLatencyBoundFails() {
    assertFalse(Capacity.passes(servedInFull(2471), 110));
  }
}
