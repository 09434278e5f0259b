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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import com.github.tomakehurst.wiremock.http.Fault;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

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

  @Test
  void cloudBaseDownIsATypedError() {
    this.upstreams.cloudBase().stubFor(any(urlPathMatching("/auth/v1/user/providers")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
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
  void corsPreflightIsAnsweredForConfiguredOriginsOnly() {
    given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type,x-device-id,x-request-id")
        .options("/auth/v1/user/contact").then().statusCode(200)
        .header("Access-Control-Allow-Origin", "https://app.example.com")
        .header("Access-Control-Allow-Credentials", "true");
    given().header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "PATCH")
        .options("/auth/v1/user/contact").then().header("Access-Control-Allow-Origin", nullValue());
  }
}
