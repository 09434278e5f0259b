package io.associationgateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.associationgateway.support.GatewayTest;
import io.associationgateway.upstream.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.json.JsonObject;

/**
 * Clients that send slowly, stop sending or go away: they cost the gateway a bounded slot, never an upstream fault.
 * Runs with short deadlines (body 1 s, pass-through idle 3 s) and at most 3 requests in flight per client IP; the test
 * profile trusts {@code X-Forwarded-For} from 127.0.0.1, so each simulated client sends its own address there.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortDeadlines.class)
class SlowClientTest extends GatewayTest {

  static final int PER_IP = 3;

  /** Deadlines short enough to pass within a test. */
  public static class ShortDeadlines implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.http.body-timeout", "1s", "gateway.cloudbase.pass-through-idle-timeout", "3s",
          "gateway.overload.max-in-flight-per-ip", String.valueOf(PER_IP));
    }
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  void abortedBodiesOpenNoBreakerAndSignInAndSudoKeepWorking() throws Exception {
    var user = newUser();
    // twice the breaker's window of clients that announce a body, send 6 bytes of it and hang up
    for (int i = 0; i < 20; i++) {
      try (var socket = connect()) {
        socket.getOutputStream()
            .write(head("POST", "/auth/v1/anything", "198.51.100." + i, "Content-Length: 1000\r\nContent-Type: application/json\r\n"));
        socket.getOutputStream().write("{\"a\":1".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
    }
    // past the pass-through's idle timeout, when an exchange cut off mid-body would have failed upstream
    Thread.sleep(4_000);
    assertNothingBrokeFor(user);

    // and as many that stop sending without hanging up, until the gateway gives up on them
    var stalled = new ArrayList<Socket>();
    for (int i = 0; i < 20; i++) {
      var socket = connect();
      socket.getOutputStream().write(head("POST", "/auth/v1/anything", "198.51.101." + i, "Content-Length: 1000\r\n"));
      socket.getOutputStream().write("{\"a\":1".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      stalled.add(socket);
    }
    for (var socket : stalled) {
      assertThat(RawHttp.parse(socket.getInputStream().readAllBytes()).status()).isEqualTo(408);
      socket.close();
    }
    Thread.sleep(4_000);
    assertNothingBrokeFor(user);
    // none of the incomplete bodies reached CloudBase
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/auth/v1/anything")));
  }

  private void assertNothingBrokeFor(User user) {
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(sudo(user)).isNotBlank();
    this.upstreams.cloudBase().stubFor(WireMock.post(urlEqualTo("/auth/v1/signin"))
        .willReturn(okJson("{\"access_token\":\"at\"}")));
    RestAssured.given().contentType("application/json").body("{\"username\":\"u\",\"password\":\"p\"}").post("/auth/v1/signin")
        .then().statusCode(200);
  }

  @Test
  void aClientThatHangsUpWhileCloudBaseAnswersIsNoFaultAndGivesBackAHalfOpenProbe() throws Exception {
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(WireMock.post(urlEqualTo("/auth/v1/slow-answer")).willReturn(okJson("{}").withFixedDelay(2_500)));
    // twice the breaker's window of clients that send a whole request and hang up while CloudBase is answering it
    hangUpWhileCloudBaseAnswers(20, "198.51.103.");
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);

    // the pass-through's breaker opened by real faults of CloudBase, then half-open: probes whose clients hang up do
    // not open it again, and the next caller is served
    cloudBase.stubFor(WireMock.post(urlEqualTo("/auth/v1/broken"))
        .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    for (int i = 0; i < 20 && this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName()) != CircuitBreakerState.OPEN; i++) {
      RestAssured.given().contentType("application/json").body("{}").post("/auth/v1/broken");
    }
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName())).isEqualTo(CircuitBreakerState.OPEN);
    Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName()) == CircuitBreakerState.HALF_OPEN);
    hangUpWhileCloudBaseAnswers(2, "198.51.104.");
    cloudBase.stubFor(WireMock.post(urlEqualTo("/auth/v1/signin")).willReturn(okJson("{\"access_token\":\"at\"}")));
    RestAssured.given().contentType("application/json").body("{\"username\":\"u\",\"password\":\"p\"}").post("/auth/v1/signin")
        .then().statusCode(200);
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName())).isNotEqualTo(CircuitBreakerState.OPEN);
  }

  /** {@code count} clients each send a whole pass-through request, and hang up before CloudBase's answer comes. */
  private void hangUpWhileCloudBaseAnswers(int count, String network) throws Exception {
    var sockets = new ArrayList<Socket>();
    for (int i = 0; i < count; i++) {
      var socket = connect();
      socket.getOutputStream()
          .write(head("POST", "/auth/v1/slow-answer", network + i, "Content-Length: 2\r\nContent-Type: application/json\r\n"));
      socket.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      sockets.add(socket);
    }
    var deadline = System.nanoTime() + 2_000_000_000L;
    while (this.upstreams.cloudBase().findAll(WireMock.postRequestedFor(urlEqualTo("/auth/v1/slow-answer"))).size() < count
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    for (var socket : sockets) {
      socket.close();
    }
    // until CloudBase's delayed answers would have come
    Thread.sleep(3_000);
  }

  @Test
  void aSlowBodyIsAnswered408AndItsConnectionClosed() throws Exception {
    for (var path : List.of("/auth/v1/verification/verify", "/auth/v1/user/profile")) {
      try (var socket = connect()) {
        socket.getOutputStream().write(head("POST", path, "198.51.102.1", "Content-Length: 60000\r\nContent-Type: application/json\r\n"));
        socket.getOutputStream().write('{');
        socket.getOutputStream().flush();
        // readAllBytes returns only once the gateway has closed the connection
        var answer = RawHttp.parse(socket.getInputStream().readAllBytes());
        assertThat(answer.status()).as(path).isEqualTo(408);
        var body = new JsonObject(answer.text());
        assertThat(body.getString("error")).isEqualTo("deadline_exceeded");
        assertThat(body.getInteger("error_code")).isEqualTo(4080);
        assertThat(body.getString("error_description")).isNotBlank();
      }
    }
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/auth/v1/user/profile")));
  }

  @Test
  void oneClientIpCannotHoldMoreThanItsShareOfRequests() throws Exception {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(okJson("{\"sub\":\"x\"}")));
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).withHeader("X-Slow", WireMock.equalTo("1"))
        .willReturn(okJson("{\"sub\":\"x\"}").withFixedDelay(2000)));
    var client = HttpClient.newHttpClient();
    var slow = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < PER_IP; i++) {
      // one /64: every address in it is the same client for the limits
      slow.add(client.sendAsync(
          HttpRequest.newBuilder(this.base.resolve("/auth/v1/user/profile")).header("X-Forwarded-For", "2001:db8:7:1::" + (i + 1))
              .header("X-Slow", "1").build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    var deadline = System.nanoTime() + 5_000_000_000L;
    while (this.upstreams.cloudBase().findAll(getRequestedFor(urlEqualTo("/auth/v1/user/profile"))).size() < PER_IP
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    var refused = client.send(profile("2001:db8:7:1::ffff"), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    var body = new JsonObject(refused.body());
    assertThat(body.getString("error")).isEqualTo("resource_exhausted");
    assertThat(body.getJsonObject("details").getString("scope")).isEqualTo("ip");
    assertThat(body.getJsonObject("details").getString("kind")).isEqualTo("cap");
    // another client is served meanwhile
    assertThat(client.send(profile("2001:db8:7:2::1"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    // the slots come back when the requests end (however CloudBase answered them)
    slow.forEach(CompletableFuture::join);
    assertThat(client.send(profile("2001:db8:7:1::ffff"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  private HttpRequest profile(String clientIp) {
    return HttpRequest.newBuilder(this.base.resolve("/auth/v1/user/profile")).header("X-Forwarded-For", clientIp).build();
  }

  private Socket connect() throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", this.base.getPort()), 5_000);
    socket.setSoTimeout(15_000);
    return socket;
  }

  private byte[] head(String method, String path, String clientIp, String headers) {
    return (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + clientIp + "\r\n" + headers + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
