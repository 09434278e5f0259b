package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * Swagger UI's "Try it out", clicked in headless Chromium against the packaged gateway in local mode, runs the whole
 * phone flow from the served document alone: sign in, Authorize with the access token, sudo, send, verify, bind.
 */
class SwaggerTryItOutIT {

  @Test
  void tryItOutRunsThePhoneFlow() throws Exception {
    var browserDir = Path.of(System.getProperty("browser.dir", "src/test/browser"));
    var chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    assertThat(chromium).as("Debian's chromium is needed").isExecutable();
    assertThat(browserDir.resolve("node_modules")).as("npm ci in src/test/browser (Maven runs it)").isDirectory();

    try (var app = PackagedApp.start(List.of("-Dquarkus.profile=local"))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway in local mode became ready:\n%s", app.output()).isTrue();
      var output = Files.createTempFile("swagger-run", ".json");
      var node = new ProcessBuilder("node", "run-swagger.mjs", "--gateway", app.url(), "--chromium", chromium.toString())
          .directory(browserDir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(output.toFile()).start();
      assertThat(node.waitFor(3, TimeUnit.MINUTES)).as("Swagger UI run finished").isTrue();
      var lines = Files.readAllLines(output);
      Files.deleteIfExists(output);
      assertThat(lines).as("runner output").isNotEmpty();
      var result = new JsonObject(lines.get(lines.size() - 1));
      assertThat(node.exitValue()).as("Swagger UI run: %s\ngateway log:\n%s", result.encodePrettily(), app.output()).isZero();
      assertThat(result.getJsonArray("steps").stream().map(step -> ((JsonObject) step).getString("operation")).toList())
          .containsExactly("signIn", "reauthenticate", "sendVerificationCode", "verifyCode", "bindContact");
      assertThat(result.getJsonArray("steps").stream().map(step -> ((JsonObject) step).getInteger("status")).toList()).containsOnly(200);
      assertThat(result.getJsonObject("user").getString("phone_number")).as("the account afterwards").isEqualTo("+86 13800000000");
    }
  }
}
