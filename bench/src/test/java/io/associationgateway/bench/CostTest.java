package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CostTest {

  @Test
  void aRatioWhoseSidesDidNotBothRunIsLeftOutNotPrintedAsNaN() {
    // --targets gateway --phases cost: no floor and no features-on variant to divide by
    var harness = new Harness(new Options(Map.of("cost-rates", "25,50")), null, null, null, null, 0, null, null);
    var markdown = new Cost(harness).markdown();

    assertTrue(markdown.startsWith("## CPU and allocation per flow at fixed rates"), markdown);
    assertFalse(markdown.contains("NaN"), markdown);
    assertFalse(markdown.contains("gateway ÷ floor"), markdown);
  }
}
