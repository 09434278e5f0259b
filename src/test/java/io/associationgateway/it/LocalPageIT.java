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
 * The local page ({@code GET /} in local mode) clicked through in headless Chromium against the packaged gateway: phone
 * and e-mail bound with codes from the outbox, WeChat linked through the emulator and unlinked; the account checked
 * afterwards through the API. Keeps the screenshot the README shows ({@code docs/local-page.png}).
 */
class LocalPageIT {

  @Test
  void thePageWalksThroughEveryFlow() throws Exception {
    var browserDir = Path.of(System.getProperty("browser.dir", "src/test/browser"));
    var chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    assertThat(chromium).as("Debian's chromium is needed").isExecutable();
    assertThat(browserDir.resolve("node_modules")).as("npm ci in src/test/browser (Maven runs it)").isDirectory();
    var screenshot = browserDir.resolve("../../../target/local-page.png").normalize();

    try (var app = PackagedApp.start(List.of("-Dquarkus.profile=local"))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway in local mode became ready:\n%s", app.output()).isTrue();
      var output = Files.createTempFile("local-page", ".json");
      var node = new ProcessBuilder("node", "run-local-page.mjs", "--gateway", app.url(), "--chromium", chromium.toString(),
          "--screenshot", screenshot.toString())
          .directory(browserDir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(output.toFile()).start();
      assertThat(node.waitFor(3, TimeUnit.MINUTES)).as("local page run finished").isTrue();
      var lines = Files.readAllLines(output);
      Files.deleteIfExists(output);
      assertThat(lines).as("runner output").isNotEmpty();
      var result = new JsonObject(lines.get(lines.size() - 1));
      assertThat(node.exitValue()).as("local page run: %s\ngateway log:\n%s", result.encodePrettily(), app.output()).isZero();
      assertThat(result.getString("providersAfterLink")).contains("wx_open (linked)");
      assertThat(result.getJsonObject("user").getString("phone_number")).isEqualTo("+86 13800000088");
      assertThat(result.getJsonObject("user").getString("email")).isEqualTo("page@example.com");
      assertThat(result.getJsonObject("providersAfterUnlink").getJsonArray("data").stream().map(JsonObject.class::cast)
          .filter(entry -> entry.getBoolean("bind", false)).toList()).as("WeChat unlinked").isEmpty();
      assertThat(screenshot).isRegularFile();
    }
  }
}
