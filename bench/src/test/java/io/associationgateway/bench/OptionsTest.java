package io.associationgateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The defaults BENCHMARKS.md documents are the ones the code uses. */
class OptionsTest {

  @Test
  void theDefaultsAreTheIssuesDefinitions() {
    var o = new Options(Map.of());
    assertEquals(150, o.i("cap-p99-ms"));
    assertEquals(60, o.i("cap-point-s"));
    assertEquals(0.03, o.d("cap-precision"));
    assertEquals(3, o.i("cap-runs"));
    assertEquals(List.of(250.0, 500.0), o.doubles("cost-rates"));
    assertTrue(o.i("cost-reps") >= 5);
    assertEquals(List.of("500", "1000", "2000", "4000"), o.list("heap-concurrency"));
    assertEquals(5, o.i("ready-runs"));
    assertEquals(512, o.i("pod-memory-mib"));
  }

  @Test
  void anUnknownOptionIsRefusedAndGatewayPropertiesPassThrough() {
    assertThrows(IllegalArgumentException.class, () -> new Options(Options.parse(new String[] {"--point-ms", "12000"})));
    var o = new Options(Options.parse(new String[] {"--Dquarkus.redis.max-pool-size=64", "--cap-runs", "1"}));
    assertEquals(Map.of("quarkus.redis.max-pool-size", "64"), o.gatewayProperties());
    assertEquals(1, o.i("cap-runs"));
  }

  @Test
  void scenarioBIsOneOfTheLiveHeapLevelsWhichMeasureIt() {
    var refused = assertThrows(IllegalArgumentException.class,
        () -> new Options(Options.parse(new String[] {"--heap-concurrency", "50,100,200,400", "--b-concurrency", "120"})));
    assertTrue(refused.getMessage().contains("--b-concurrency 120 must be one of --heap-concurrency 50,100,200,400"), refused.getMessage());
    assertEquals(200, new Options(Options.parse(new String[] {"--heap-concurrency", "50,100,200,400", "--b-concurrency", "200"})).i("b-concurrency"));
  }

  @Test
  void theHelpTableListsEveryOption() {
    var table = Options.markdownTable();
    Options.DEFAULTS.forEach(d -> assertTrue(table.contains("`--" + d.key() + "` | `" + d.value() + "`"), d.key()));
  }

  @Test
  void medians() {
    assertEquals(2.0, Capacity.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Capacity.median(List.of(4.0, 1.0, 2.0, 3.0)));
    var spread = Cost.spread(List.of(5.0, 1.0, 3.0, Double.NaN));
    assertEquals(3.0, spread[0]);
    assertEquals(1.0, spread[1]);
    assertEquals(5.0, spread[2]);
  }
}
