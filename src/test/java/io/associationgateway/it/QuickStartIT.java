package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.vertx.core.json.JsonObject;

/**
 * The README's quick-start scripts ({@code examples/*.sh}, byte for byte the README's blocks: {@code ReadmeExamplesTest})
 * run with bash against the packaged gateway in local mode started as the README says; each must exit 0, and the demo
 * account must then have the phone, the e-mail and WeChat.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickStartIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static PackagedApp app;

  @BeforeAll
  static void start() throws Exception {
    app = PackagedApp.start(List.of("-Dquarkus.profile=local"));
    assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway in local mode became ready:\n%s", app.output()).isTrue();
  }

  @Test
  @Order(0)
  void localModeStartsWithoutAWarning() throws Exception {
    // e.g. Micrometer's "This Gauge has been already registered (…redis.pool.queue.size…)" (state/RedisPoolGaugeLogFilter)
    assertThat(app.output().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))).as("startup log").isEmpty();
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
  }

  @Test
  @Order(1)
  void phoneScriptBindsANumberWhoseCodeCameFromTheOutbox() throws Exception {
    assertThat(run("phone.sh")).endsWith("demo's phone number: +86 13712345678\n");
    assertThat(get("/local/outbox")).contains("\"recipient\":\"+86 13712345678\"");
    assertThat(me().getString("phone_number")).isEqualTo("+86 13712345678");
  }

  @Test
  @Order(2)
  void emailScriptBindsAnAddressWhoseCodeCameFromTheOutbox() throws Exception {
    assertThat(run("email.sh")).endsWith("demo's e-mail address: demo@example.com\n");
    assertThat(me().getString("email")).isEqualTo("demo@example.com");
    assertThat(me().getString("phone_number")).as("the phone of the first script stays").isEqualTo("+86 13712345678");
  }

  @Test
  @Order(3)
  void weChatScriptLinksWeChatThroughTheEmulatorsRedirect() throws Exception {
    assertThat(run("wechat.sh")).endsWith("demo's WeChat: linked\n");
    var providers = new JsonObject(get("/auth/v1/user/provider", signIn()));
    assertThat(providers.getJsonArray("data").stream().map(JsonObject.class::cast).filter(entry -> entry.getBoolean("bind", false))
        .map(entry -> entry.getString("id")).toList()).containsExactly("wx_open");
  }

  @Test
  @Order(4)
  void aScriptFailsLoudlyOnAnError() throws Exception {
    // run again at once: the phone's resend cooldown refuses the code, and the script must stop there with the answer shown
    var result = exec("phone.sh");
    assertThat(result.exit()).as("exit code, output:\n%s", result.output()).isNotZero();
    assertThat(result.output()).contains("resource_exhausted").doesNotContain("demo's phone number");
  }

  private record Result(int exit, String output) {
  }

  private static String run(String script) throws Exception {
    var result = exec(script);
    assertThat(result.exit()).as("bash examples/%s exit code, output:\n%s\ngateway log:\n%s", script, result.output(), app.output())
        .isZero();
    return result.output();
  }

  private static Result exec(String script) throws Exception {
    var builder = new ProcessBuilder("bash", Path.of("examples", script).toString()).redirectErrorStream(true);
    builder.environment().put("GW", app.url());
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static String signIn() throws Exception {
    var answer = HTTP.send(HttpRequest.newBuilder(URI.create(app.url() + "/auth/v1/signin")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"demo\",\"password\":\"passwd\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body()).getString("access_token");
  }

  private static JsonObject me() throws Exception {
    return new JsonObject(get("/auth/v1/user/me", signIn()));
  }

  private static String get(String path) throws Exception {
    return get(path, null);
  }

  private static String get(String path, String accessToken) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(app.url() + path));
    if (accessToken != null) {
      request.header("Authorization", "Bearer " + accessToken);
    }
    var answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("GET %s: %s\ngateway log:\n%s", path, answer.body(), app.output()).isEqualTo(200);
    return answer.body();
  }
}
