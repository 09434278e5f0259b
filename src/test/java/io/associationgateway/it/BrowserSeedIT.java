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
 * The seed's phone, email and WeChat snippets (the WeChat one after a provider token was granted from a code, then
 * getProviders and unbindProvider), run as written by the official {@code @cloudbase/js-sdk} in headless Chromium,
 * against the packaged gateway in local mode started exactly as the README says.
 */
class BrowserSeedIT {

  @Test
  void officialSdkRunsTheSeedFlowsInABrowser() throws Exception {
    var browserDir = Path.of(System.getProperty("browser.dir", "src/test/browser"));
    var chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    assertThat(chromium).as("Debian's chromium is needed (bash .ci/run installs it)").isExecutable();
    assertThat(browserDir.resolve("node_modules")).as("npm ci in src/test/browser (Maven runs it)").isDirectory();

    try (var app = PackagedApp.start(List.of("-Dquarkus.profile=local"))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway in local mode became ready:\n%s", app.output()).isTrue();
      var output = Files.createTempFile("seed-run", ".json");
      var node = new ProcessBuilder("node", "run-seed.mjs", "--gateway", app.url(), "--chromium", chromium.toString())
          .directory(browserDir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(output.toFile()).start();
      assertThat(node.waitFor(3, TimeUnit.MINUTES)).as("seed run finished").isTrue();
      var lines = Files.readAllLines(output);
      Files.deleteIfExists(output);
      assertThat(lines).as("runner output").isNotEmpty();
      var result = new JsonObject(lines.get(lines.size() - 1));
      assertThat(node.exitValue()).as("seed run result: %s\ngateway log:\n%s", result.encodePrettily(), app.output()).isZero();
      assertThat(result.getBoolean("ok")).isTrue();
      assertThat(result.getJsonObject("phoneUser").getString("phone_number")).isEqualTo("+86 13800000000");
      assertThat(result.getJsonObject("emailUser").getString("email")).isEqualTo("test@example.com");
      assertThat(result.getJsonObject("emailUser").getString("phone_number")).isEqualTo("+86 13800000000");
      var wechat = result.getJsonObject("wechat");
      assertThat(wechat.getJsonObject("granted").getString("provider_token")).startsWith("cbpt_");
      assertThat(wechat.getJsonObject("providersAfterBind").getJsonArray("data").stream().map(JsonObject.class::cast)
          .filter(entry -> entry.getBoolean("bind", false)).map(entry -> entry.getString("id")).toList()).containsExactly("wx_open");
      assertThat(wechat.getJsonObject("providersAfterUnbind").getJsonArray("data").stream().map(JsonObject.class::cast)
          .filter(entry -> entry.getBoolean("bind", false)).toList()).isEmpty();
      assertThat(result.getBoolean("passwordChanged")).as("setPassword with the gateway's sudo token").isTrue();
    }
  }
}
