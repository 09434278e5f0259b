package io.associationgateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** Clients that race: one token pair, one code, two users at once. Exactly one winner, and nothing crosses. */
@QuarkusTest
class RaceTest extends GatewayTest {

  @TestHTTPResource("/")
  URI base;

  private final HttpClient client = HttpClient.newHttpClient();

  private List<HttpResponse<String>> race(int count, IntFunction<HttpRequest> request) {
    var futures = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < count; i++) {
      futures.add(this.client.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString()));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private HttpRequest.Builder call(String path, User user, JsonObject body) {
    var request = HttpRequest.newBuilder(this.base.resolve(path)).header("X-Forwarded-For", "10.9.0." + (1 + (int) (Math.random() * 250)));
    if (user != null) {
      request.header("Authorization", "Bearer " + user.accessToken());
    }
    return request.method("POST", HttpRequest.BodyPublishers.ofString(body.encode()));
  }

  @Test
  void aHundredBindsWithOneTokenPairBindOnce() {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, "+86 13800000070");
    var body = new JsonObject().put("sudo_token", sudoToken).put("phone_number", "+86 13800000070").put("verification_token", token);
    var answers = race(100,
        i -> call("/auth/v1/user/contact", user, body).method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(1);
    assertThat(answers).filteredOn(answer -> answer.statusCode() != 200)
        .allSatisfy(answer -> assertThat(answer.body()).contains("\"invalid_grant\""));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void aHundredVerifiesOfOneCodeGiveOneToken() {
    var user = newUser();
    var id = sendCode(user, "phone_number", "+86 13800000071");
    var body = new JsonObject().put("verification_id", id).put("verification_code", lastSmsCode("+8613800000071"));
    var answers = race(100, i -> call("/auth/v1/verification/verify", null, body).build());
    assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(1);
    assertThat(answers).filteredOn(answer -> answer.statusCode() != 200)
        .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(404));
    assertThat(this.redis.key().keys("gw:vtok:*")).hasSizeGreaterThanOrEqualTo(1);
  }

  @Test
  void concurrentSudoAndBindOfTwoUsersNeverCross() {
    var alice = newUser();
    var bob = newUser();
    var aliceSudo = sudo(alice);
    var bobSudo = sudo(bob);
    var aliceToken = provePhone(alice, "+86 13800000072");
    var bobToken = provePhone(bob, "+86 13800000073");
    var answers = race(40, i -> {
      var mine = i % 2 == 0;
      var caller = mine ? alice : bob;
      // every other request swaps in the other user's sudo token: those must all fail
      var crossed = i % 4 >= 2;
      var sudo = mine ^ crossed ? aliceSudo : bobSudo;
      var body = new JsonObject().put("sudo_token", sudo).put("phone_number", mine ? "+86 13800000072" : "+86 13800000073")
          .put("verification_token", mine ? aliceToken : bobToken);
      return call("/auth/v1/user/contact", caller, body).method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())).build();
    });
    assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(2);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit"))
        .withRequestBody(WireMock.equalToJson(
            "{\"user_id\":\"" + alice.id() + "\",\"phone\":\"+86 13800000072\"}")));
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit"))
        .withRequestBody(WireMock.equalToJson(
            "{\"user_id\":\"" + bob.id() + "\",\"phone\":\"+86 13800000073\"}")));
    this.upstreams.cloudBase().verify(2, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }
}
