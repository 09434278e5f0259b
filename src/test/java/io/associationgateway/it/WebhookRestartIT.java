package io.associationgateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.associationgateway.support.RedisServerResource;
import io.associationgateway.webhook.WebhookSignature;
import io.vertx.core.json.JsonObject;

/**
 * Security events reach a webhook receiver signed, at least once, even when the receiver is down and the gateway
 * restarts in between: the packaged app, a real Redis that outlives it, WireMock as the receiver.
 */
class WebhookRestartIT {

  private static final String SECRET = "webhook-secret-for-the-restart-test-0123";

  @Test
  void eventsSurviveAReceiverOutageAndAGatewayRestart() throws Exception {
    var redis = new RedisServerResource();
    var receiver = new WireMockServer(options().dynamicPort());
    receiver.start();
    try {
      var redisHosts = redis.start().get("quarkus.redis.hosts");
      receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
      var config = List.of("-Dquarkus.profile=local", "-Dquarkus.redis.hosts=" + redisHosts, "-Dquarkus.redis.hosts-provider-name=",
          "-Dgateway.webhooks.endpoints=http://127.0.0.1:" + receiver.port() + "/hook", "-Dgateway.webhooks.secret=" + SECRET,
          "-Dgateway.webhooks.allow-http=true", "-Dgateway.webhooks.retry-base=300ms", "-Dgateway.webhooks.retry-max=1s");

      try (var first = PackagedApp.start(config)) {
        assertThat(first.awaitReady(Duration.ofSeconds(60))).as("first gateway ready:\n%s", first.output()).isTrue();
        var token = signIn(first, "demo");
        sudo(first, token, "passwd", 200);
        sudo(first, token, "wrong", 400);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 2);
      }

      receiver.resetRequests();
      receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
      try (var second = PackagedApp.start(config)) {
        assertThat(second.awaitReady(Duration.ofSeconds(60))).as("second gateway ready:\n%s", second.output()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> outcomes(receiver).containsAll(List.of("granted_by_password", "refused_invalid_password")));
      }

      var seen = new HashSet<String>();
      for (var request : receiver.findAll(postRequestedFor(urlEqualTo("/hook")))) {
        var body = request.getBodyAsString();
        var timestamp = Long.parseLong(request.getHeader(WebhookSignature.TIMESTAMP_HEADER));
        assertThat(request.getHeader(WebhookSignature.SIGNATURE_HEADER)).isEqualTo(WebhookSignature.sign(SECRET, timestamp, body));
        var event = new JsonObject(body);
        assertThat(request.getHeader(WebhookSignature.EVENT_ID_HEADER)).isEqualTo(event.getString("id"));
        assertThat(body).doesNotContain("passwd", "wrong");
        seen.add(event.getString("type") + "/" + event.getString("outcome"));
      }
      assertThat(seen).contains("sudo/granted_by_password", "sudo/refused_invalid_password");
    } finally {
      receiver.stop();
      redis.stop();
    }
  }

  private static HashSet<String> outcomes(WireMockServer receiver) {
    var outcomes = new HashSet<String>();
    receiver.findAll(postRequestedFor(urlEqualTo("/hook")))
        .forEach(request -> outcomes.add(new JsonObject(request.getBodyAsString()).getString("outcome")));
    return outcomes;
  }

  private static String signIn(PackagedApp app, String user) throws Exception {
    var answer = call(app, "/auth/v1/signin", null, "{\"username\":\"" + user + "\",\"password\":\"passwd\"}");
    assertThat(answer.statusCode()).isEqualTo(200);
    return new JsonObject(answer.body()).getString("access_token");
  }

  private static void sudo(PackagedApp app, String token, String password, int expected) throws Exception {
    assertThat(call(app, "/auth/v1/user/sudo", token, "{\"password\":\"" + password + "\"}").statusCode()).isEqualTo(expected);
  }

  private static HttpResponse<String> call(PackagedApp app, String path, String token, String body) throws Exception {
    var headers = new HashMap<String, String>();
    var request = HttpRequest.newBuilder(URI.create(app.url() + path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
