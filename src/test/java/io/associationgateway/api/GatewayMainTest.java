package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * With {@code gateway.startup.exit-after-start} the started process sends itself its probes ({@link TrainingProbes},
 * {@code TrainingProbesTest}) and then ends with status 0 (the image's AOT training start; {@code AotCacheIT} runs it in
 * the image); a probe without an answer fails it. Without the setting it serves until stopped.
 */
class GatewayMainTest {

  /** Records the ports it is asked to probe; answers 200 and 503, as the training start's probes do. */
  static final class RecordingProbes extends TrainingProbes {
    final List<Integer> ports = new ArrayList<>();

    @Override
    public List<Integer> send(int port) {
      this.ports.add(port);
      return List.of(200, 503);
    }
  }

  @Test
  void theTrainingStartProbesItselfOnceThenEndsWithStatusZero() {
    var probes = new RecordingProbes();
    var status = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new GatewayMain(() -> true, probes).run());
    assertThat(status).isZero();
    // once, with the HTTP port the configuration names
    assertThat(probes.ports).hasSize(1);
  }

  @Test
  void aTrainingStartWhoseProbesFailDoesNotEndWithStatusZero() {
    var failing = new TrainingProbes() {
      @Override
      public List<Integer> send(int port) {
        throw new IllegalStateException("AOT training start: no answer to /q/health/live");
      }
    };
    assertThatThrownBy(() -> new GatewayMain(() -> true, failing).run()).isInstanceOf(IllegalStateException.class);
  }
}
