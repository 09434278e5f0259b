package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * {@code compose.yaml} brought up with podman-compose as the README says: two gateway replicas on their own ports,
 * one Redis, one CloudBase emulator. A phone flow alternates between the replicas at every step, its state lands in
 * the shared Redis, and {@code down} removes every container of the stack.
 */
class ComposeIT {

  static final String PHONE = "+86 13800000000";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void twoReplicasShareOneRedisAndOneCloudBase() throws Exception {
    Podman.assumeAvailable("ComposeIT");
    Podman.assumeCompose("ComposeIT");
    Podman.makeBaseImages();
    var one = Podman.freePort();
    var two = Podman.freePort();
    var project = "ag-compose-test-" + one;
    // the README's `podman-compose up -d --build`, under a project name and on ports of its own
    var env = Map.of("GATEWAY_1_PORT", Integer.toString(one), "GATEWAY_2_PORT", Integer.toString(two));
    try {
      Podman.run(Duration.ofMinutes(10), env, "podman-compose", "-p", project, "up", "-d", "--build").ok();
      var first = "http://127.0.0.1:" + one;
      var second = "http://127.0.0.1:" + two;
      awaitReady(first, project);
      awaitReady(second, project);
      var keysBefore = redisKeys(project);

      var access = ok(http("POST", first + "/auth/v1/signin", null, new JsonObject().put("username", "demo").put("password", "passwd")))
          .getString("access_token");
      var sudo = ok(http("POST", second + "/auth/v1/user/sudo", access, new JsonObject().put("password", "passwd")))
          .getString("sudo_token");
      var id = ok(http("POST", first + "/auth/v1/verification", access, new JsonObject().put("phone_number", PHONE)))
          .getString("verification_id");
      var token = ok(http("POST", second + "/auth/v1/verification/verify", null,
          new JsonObject().put("verification_id", id).put("verification_code", "000000"))).getString("verification_token");
      ok(http("PATCH", first + "/auth/v1/user/contact", access,
          new JsonObject().put("sudo_token", sudo).put("phone_number", PHONE).put("verification_token", token)));
      assertThat(ok(http("GET", second + "/auth/v1/user/me", access, null)).getString("phone_number")).isEqualTo(PHONE);
      assertThat(ok(http("GET", first + "/auth/v1/user/me", access, null)).getString("phone_number")).isEqualTo(PHONE);

      assertThat(redisKeys(project)).as("flow state in the shared Redis container").isGreaterThan(keysBefore);
      var again = http("POST", second + "/auth/v1/verification/verify", null,
          new JsonObject().put("verification_id", id).put("verification_code", "000000"));
      assertThat(again.statusCode()).as("a code verified on replica 1's flow is spent for replica 2 too: %s", again.body()).isBetween(400,
          499);
    } finally {
      var down = Podman.run(Duration.ofMinutes(3), env, "podman-compose", "-p", project, "down");
      // podman-compose 1.0 leaves the project's network behind
      Podman.podman(Duration.ofSeconds(30), "network", "rm", "-f", project + "_default");
      assertThat(down.exit()).as("podman-compose down: %s", down.err()).isZero();
    }
    var left = Podman.podman(Duration.ofSeconds(30), "ps", "-a", "-q", "--filter", "label=io.podman.compose.project=" + project).ok().out();
    assertThat(left).as("containers left after down").isBlank();
  }

  static void awaitReady(String base, String project) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    var logs = Podman.run(Duration.ofSeconds(60), Map.of(), "podman-compose", "-p", project, "logs");
    throw new AssertionError(base + " not ready within 180 s; logs:\n" + logs.out() + logs.err());
  }

  static long redisKeys(String project) {
    var name = Podman.podman(Duration.ofSeconds(30), "ps", "-q", "--filter", "label=io.podman.compose.project=" + project,
        "--filter", "label=com.docker.compose.service=redis").ok().out().trim();
    var size = Podman.podman(Duration.ofSeconds(30), "exec", name, "redis-cli", "dbsize").ok().out().trim();
    return Long.parseLong(size);
  }

  static HttpResponse<String> http(String method, String url, String bearer, JsonObject body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("%s %s answered %s", response.request().method(), response.request().uri(), response.body())
        .isEqualTo(200);
    return new JsonObject(response.body());
  }
}
