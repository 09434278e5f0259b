package io.associationgateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link WebhookDispatcher#backoff(int, Duration, Duration)}: the wait before each retry of an undelivered event. */
class WebhookBackoffTest {

  @ParameterizedTest(name = "after {0} deliveries, base {1} s, max {2} s: wait {3} s")
  @CsvSource({
      // the first retry waits the base; each later one doubles it
      "1, 2, 300, 2",
      "2, 2, 300, 4",
      "3, 2, 300, 8",
      "8, 2, 300, 256",
      // then the max holds
      "9, 2, 300, 300",
      "50, 2, 300, 300",
      "2147483647, 2, 300, 300",
      // nothing delivered yet, or a nonsense count: the base
      "0, 2, 300, 2",
      "-5, 2, 300, 2",
      // a max below the base wins
      "1, 10, 3, 3",
  })
  void doublesFromTheBaseUpToTheMax(int deliveries, long base, long max, long expected) {
    assertThat(WebhookDispatcher.backoff(deliveries, Duration.ofSeconds(base), Duration.ofSeconds(max)))
        .isEqualTo(Duration.ofSeconds(expected));
  }

  @ParameterizedTest(name = "after {0} deliveries")
  @CsvSource({"21", "22", "63", "64", "1000"})
  void theDoublingStopsBeforeItOverflows(int deliveries) {
    // base 1 ms doubled 20 times is 1,048,576 ms, below a max of a day, and never more however many tries
    assertThat(WebhookDispatcher.backoff(deliveries, Duration.ofMillis(1), Duration.ofDays(1))).isEqualTo(Duration.ofMillis(1L << 20));
  }
}
