package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class PassThroughRouteTest extends GatewayTest {

  @Test
  void otherAuthCallsReachCloudBaseAndComeBackUnchanged() {
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/signin?client_id=test-env")).willReturn(aResponse().withStatus(418)
        .withHeader("Content-Type", "application/json").withHeader("X-Upstream", "cloudbase").withHeader("Access-Control-Allow-Origin", "*")
        .withBody("{\"error\":\"teapot\",\"error_description\":\"short and stout\"}")));

    given().header("x-device-id", "device-7").header("Origin", "https://app.example.com").contentType("text/plain;charset=UTF-8")
        .body("{\"username\":\"demo\",\"password\":\"passwd\"}").post("/auth/v1/signin?client_id=test-env")
        .then().statusCode(418).header("X-Upstream", "cloudbase").header("Access-Control-Allow-Origin", "https://app.example.com")
        .body("error", equalTo("teapot"));

    this.upstreams.cloudBase().verify(postRequestedFor(urlEqualTo("/auth/v1/signin?client_id=test-env"))
        .withHeader("x-device-id", WireMock.equalTo("device-7")).withHeader("Content-Type", WireMock.equalTo("text/plain;charset=UTF-8"))
        .withRequestBody(equalToJson("{\"username\":\"demo\",\"password\":\"passwd\"}")));
  }

  @Test
  void userMeAndOtherMethodsOnOwnedPathsPassThrough() {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", WireMock.equalTo("Bearer abc"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"sub\":\"u1\"}")));
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/sudo")).willReturn(aResponse().withStatus(405).withBody("{}")));

    given().header("Authorization", "Bearer abc").get("/auth/v1/user/me").then().statusCode(200).body("sub", equalTo("u1"));
    given().get("/auth/v1/user/sudo").then().statusCode(405);
    this.upstreams.cloudBase().verify(getRequestedFor(urlEqualTo("/auth/v1/user/sudo")));
  }

  @Test
  void largeBodiesStreamThrough() {
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/profile")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));
    var body = "{\"name\":\"" + "x".repeat(60_000) + "\"}";
    given().body(body).post("/auth/v1/user/profile").then().statusCode(200).body("ok", equalTo(true));
    var received = this.upstreams.cloudBase().findAll(postRequestedFor(urlEqualTo("/auth/v1/user/profile"))).get(0);
    assertThat(received.getBodyAsString()).isEqualTo(body);
  }

  /**
   * An HTTP/2 client's complete answer must not look like a client that went away: resetting the finished upstream call
   * would close its connection, which by then may carry the next call (seen as a 502 "CloudBase closed the connection").
   */
  @Test
  void callsFromHttp2ClientsKeepTheirUpstreamConnectionOpen() throws Exception {
    this.upstreams.cloudBase().stubFor(get(urlPathEqualTo("/auth/v1/user/me"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"sub\":\"u1\"}")));
    var probe = UUID.randomUUID().toString();
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 40; i++) {
      var answer = http.send(HttpRequest.newBuilder(this.base.resolve("/auth/v1/user/me?connection-probe=" + probe)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("call %d: %s", i, answer.body()).isEqualTo(200);
      assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
    var connections = this.upstreams.cloudBaseConnections();
    assertThat(connections.carrying(probe)).as("upstream connections the 40 calls used (idle ones are reused)").isBetween(1L, 20L);
    assertThat(connections.closedCarrying(probe)).as("of those, closed").isZero();
  }

  @Test
  void cloudBaseDownIsATypedError() {
    this.upstreams.cloudBase()
        .stubFor(any(urlPathMatching("/auth/v1/user/providers")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    given().get("/auth/v1/user/providers").then().statusCode(502).body("error", equalTo("unavailable"));
  }

  @Test
  void oversizedBodiesAreRefusedBeforeReachingAnyone() {
    var body = "{\"password\":\"" + "x".repeat(70_000) + "\"}";
    given().header("Authorization", "Bearer whoever").body(body).post("/auth/v1/user/sudo")
        .then().statusCode(413).body("error", equalTo("invalid_argument")).body("error_code", equalTo(4130));
    given().body(body).post("/auth/v1/signin").then().statusCode(413).body("error_code", equalTo(4130));
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/auth/v1/.*")));
  }

  @Test
  void browsersMaySendAnIdempotencyKeyCrossOrigin() {
    given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
        .options("/auth/v1/verification").then().statusCode(200)
        .header("Access-Control-Allow-Origin", "https://app.example.com")
        .header("Access-Control-Allow-Headers", Matchers.containsStringIgnoringCase("idempotency-key"));
  }

  @Test
  void corsPreflightIsAnsweredForConfiguredOriginsOnly() {
    given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-device-id,x-request-id")
        .options("/auth/v1/user/contact").then().statusCode(200)
        .header("Access-Control-Allow-Origin", "https://app.example.com")
        .header("Access-Control-Allow-Credentials", "true");
    given().header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "PATCH")
        .options("/auth/v1/user/contact").then().header("Access-Control-Allow-Origin", nullValue());
  }

  @TestHTTPResource("/")
  URI base;

  @Test
  void passThroughPathsShareOneMetricTag() {
    this.upstreams.cloudBase().stubFor(any(urlPathMatching("/auth/v1/chosen-.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
    for (int i = 0; i < 5; i++) {
      given().get("/auth/v1/chosen-by-client-" + i).then().statusCode(200);
    }
    var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).doesNotContain("chosen-by-client");
    assertThat(metrics).contains("uri=\"/auth/v1/{pass-through}\"");
  }

  @Test
  void anAbsoluteFormRequestTargetNeverLeavesTheConfiguredOrigin() throws IOException {
    // an "internal host": the SMS fake, which would answer anything sent to it
    var internal = "127.0.0.1:" + URI.create(this.upstreams.sms().baseUrl()).getPort();
    this.upstreams.sms().stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200).withBody("internal secrets")));
    for (var target : List.of("http://" + internal + "/auth/v1/z", "x.attacker.net://y/auth/v1/z",
        "http://" + internal + "/auth/v1/user/sudo")) {
      var answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertThat(answer).as(target).startsWith("HTTP/1.1 400");
      assertErrorEnvelope(answer, "invalid_argument");
    }
    // a path starting with // is origin-form, and no path of the gateway: not found, and not forwarded either
    var answer = raw("GET //" + internal + "/auth/v1/z HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 404");
    assertErrorEnvelope(answer, "not_found");
    this.upstreams.sms().verify(0, anyRequestedFor(urlPathMatching("/.*")));
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/.*")));
  }

  @Test
  void pathsWhoseDecodedFormLeavesAuthV1AreRefused() throws IOException {
    this.upstreams.cloudBase().stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));
    for (var path : List.of("/auth/v1/..%2f..%2fadmin", "/auth/v1/user/%2e%2e/%2e%2e%2fadmin", "/auth/v1/user/%2E%2E%2F%2E%2E%2Fadmin",
        "/auth/v1/user/..%5c..%5cadmin", "/auth/v1/user/%2e/me")) {
      var answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertThat(answer).as(path).startsWith("HTTP/1.1 400");
      assertErrorEnvelope(answer, "invalid_argument");
    }
    // paths the HTTP server cannot decode at all are refused before any route sees them (400, no body)
    for (var path : List.of("/auth/v1/user/me%00", "/auth/v1/user/%zz")) {
      assertThat(raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).as(path).startsWith("HTTP/1.1 400");
    }
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/.*")));
  }

  @Test
  void aChunkedBodyPastTheLimitIsCutOffWith413() throws IOException {
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/profile")).willReturn(aResponse().withStatus(200).withBody("{}")));
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", this.base.getPort()), 5_000);
      socket.setSoTimeout(15_000);
      var out = socket.getOutputStream();
      out.write(
          "POST /auth/v1/user/profile HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      var chunk = "x".repeat(16 * 1024);
      try {
        // 8 MiB in 16 KiB chunks; the gateway stops reading after 64 KiB
        for (int i = 0; i < 512; i++) {
          out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closedByTheGateway) {
        // expected once the gateway has answered and closed
      }
      var answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("\"error_code\":4130");
    }
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/profile")));
  }

  @Test
  void clientForwardingHeadersAreReplacedByTheGatewaysViewOfTheClient() {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(aResponse().withStatus(200).withBody("{}")));
    // the test profile trusts 127.0.0.1, so the right-most untrusted hop is the client
    given().header("X-Forwarded-For", "192.0.2.66, 203.0.113.5").header("X-Real-IP", "192.0.2.66")
        .header("X-Forwarded-Host", "evil.example.net")
        .header("X-Forwarded-Proto", "gopher").header("Forwarded", "for=192.0.2.66;host=evil.example.net").get("/auth/v1/user/profile")
        .then().statusCode(200);
    var received = this.upstreams.cloudBase().findAll(getRequestedFor(urlEqualTo("/auth/v1/user/profile"))).get(0);
    assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("203.0.113.5");
    assertThat(received.getHeaders().keys()).map(name -> name.toLowerCase(Locale.ROOT))
        .doesNotContain("x-real-ip", "x-forwarded-host", "x-forwarded-proto", "forwarded");
    assertThat(received.getHeader("Host")).isEqualTo("localhost:" + URI.create(this.upstreams.cloudBase().baseUrl()).getPort());
  }

  @Test
  void headersTheClientNamesInConnectionStayOnItsHop() {
    this.upstreams.cloudBase().stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(aResponse().withStatus(200).withBody("{}")));
    // connection options of the client's hop (RFC 9110 §7.6.1): named in Connection, they are not CloudBase's to see
    given().header("Connection", "keep-alive, X-Hop-Option").header("X-Hop-Option", "client-side").header("X-Kept", "yes")
        .get("/auth/v1/user/profile").then().statusCode(200);
    var received = this.upstreams.cloudBase().findAll(getRequestedFor(urlEqualTo("/auth/v1/user/profile"))).get(0);
    assertThat(received.getHeaders().keys()).map(name -> name.toLowerCase(Locale.ROOT)).doesNotContain("x-hop-option").contains("x-kept");
  }

  private String raw(String request) throws IOException {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", this.base.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertErrorEnvelope(String answer, String error) {
    assertThat(answer).containsIgnoringCase("content-type: application/json");
    var body = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getInteger("error_code")).isNotNull();
    assertThat(body.getString("error_description")).isNotBlank();
  }
}
