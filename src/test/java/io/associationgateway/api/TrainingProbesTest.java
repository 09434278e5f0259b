package io.associationgateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The AOT training start's requests to itself ({@link TrainingProbes}): every round of the startup, readiness and
 * liveness probes reaches the running server and is answered; a server that does not answer fails the training start.
 */
@QuarkusTest
class TrainingProbesTest extends GatewayTest {

  @TestHTTPResource("/")
  URI base;

  @Inject
  TrainingProbes probes;

  @Test
  void everyProbeOfEveryRoundIsAnswered() {
    var statuses = this.probes.send(this.base.getPort());
    // Redis is up here, so every probe says UP; the training start's placeholder Redis makes readiness answer 503
    assertThat(statuses).hasSize(TrainingProbes.ROUNDS * TrainingProbes.PATHS.size()).containsOnly(200);
  }

  @Test
  void aServerThatDoesNotAnswerFailsTheTrainingStart() throws Exception {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(() -> this.probes.send(closed)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no answer to /q/health/live");
  }
}
