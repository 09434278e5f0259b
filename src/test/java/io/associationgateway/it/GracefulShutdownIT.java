package io.associationgateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

/** On SIGTERM the gateway finishes in-flight requests, takes no new work, and exits cleanly. */
class GracefulShutdownIT {

  @Test
  void inFlightRequestsCompleteAndNewOnesAreRefused() throws Exception {
    var cloudBase = new WireMockServer(options().dynamicPort());
    cloudBase.start();
    try {
      cloudBase.stubFor(get(urlEqualTo("/auth/v1/slow")).willReturn(okJson("{\"ok\":true}").withFixedDelay(3000)));
      // a Redis of its own, as in production: local mode's embedded one is stopped by its library's own shutdown hook
      try (var redis = AofRedis.start();
          var app = PackagedApp.start(List.of("-Dquarkus.profile=local", "-Dgateway.local.redis-url=" + redis.hosts(),
              "-Dgateway.cloudbase.url=http://127.0.0.1:" + cloudBase.port()))) {
        assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway ready:\n%s", app.output()).isTrue();
        // local mode (demo users, an outbox of live codes, CORS for any origin) is reachable from this machine only
        assertThat(app.output()).contains("Listening on: http://127.0.0.1:" + app.port);
        var client = HttpClient.newHttpClient();
        var inFlight = client.sendAsync(HttpRequest.newBuilder(URI.create(app.url() + "/auth/v1/slow")).build(),
            HttpResponse.BodyHandlers.ofString());
        Thread.sleep(700);
        app.terminate();
        Thread.sleep(300);

        int lateStatus;
        try {
          lateStatus = HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(app.url() + "/auth/v1/user/sudo")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
        } catch (IOException refused) {
          lateStatus = -1;
        }
        assertThat(lateStatus).as("a request after SIGTERM is refused").isIn(-1, 503);

        var finished = inFlight.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("\"ok\":true");
        assertThat(app.awaitExit(Duration.ofSeconds(40))).as("exit code after SIGTERM:\n%s", app.output()).isIn(0, 143);
        // an orderly stop closes the Redis connection on purpose: no warning an operator would have to look into
        assertThat(app.output()).doesNotContain("Redis connection lost").doesNotContain(" WARN ");
      }
    } finally {
      cloudBase.stop();
    }
  }
}
