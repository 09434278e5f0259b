package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.startup.exit-after-start} the started process ends at once with status 0 (the image's AOT
 * training start; {@code AotCacheIT} runs it in the image); without it, it serves until stopped.
 */
class GatewayMainTest {

  @Test
  void theTrainingStartEndsAtOnceWithStatusZero() {
    var status = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new GatewayMain(() -> true).run());
    assertThat(status).isZero();
  }
}
