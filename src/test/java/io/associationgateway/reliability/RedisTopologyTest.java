package io.associationgateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.RedisServerResource;
import io.associationgateway.support.RedisTopology;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The whole suite runs on the Redis shape {@code gateway.test.redis} names ({@code -Predis-cluster},
 * {@code -Predis-sentinel}); these tests check that shape is really in use and what only it can show.
 */
@QuarkusTest
class RedisTopologyTest extends GatewayTest {

  @Test
  void onAClusterFlowStateSpreadsOverTheMastersAndEveryStepWorks() throws Exception {
    var topology = RedisServerResource.current();
    assumeTrue(topology != null && topology.kind().equals("cluster"), "runs with -Predis-cluster");
    assertThat(this.redis.execute("CLUSTER", "INFO").toString()).contains("cluster_state:ok");
    for (int i = 0; i < 12; i++) {
      bindNewPhone(String.format("+86 138001%05d", i));
    }
    var nodesWithCodes = 0;
    for (var port : topology.dataPorts()) {
      if (Integer.parseInt(RedisTopology.cli(port, "DBSIZE").strip()) > 0) {
        nodesWithCodes++;
      }
    }
    assertThat(nodesWithCodes).as("masters holding gateway keys").isGreaterThanOrEqualTo(2);
  }

  @Test
  void aSentinelFailoverInTheMiddleOfAFlowLosesNothing() throws Exception {
    var topology = RedisServerResource.current();
    assumeTrue(topology != null && topology.kind().equals("sentinel"), "runs with -Predis-sentinel");
    var user = newUser();
    var phone = "+86 13800009001";
    var sudoToken = sudo(user);
    var id = sendCode(user, "phone_number", phone);
    var code = lastSmsCode(phone.replace(" ", ""));
    RedisTopology.cli(topology.currentMasterPort(), "WAIT", "1", "2000");
    var masterBefore = topology.currentMasterPort();

    topology.failover();

    assertThat(topology.currentMasterPort()).isNotEqualTo(masterBefore);
    var statuses = new ArrayList<Integer>();
    var verified = untilNot503(statuses, () -> given().contentType(ContentType.JSON)
        .body(new JsonObject().put("verification_id", id).put("verification_code", code).encode()).post("/auth/v1/verification/verify"));
    assertThat(verified.statusCode()).as("verify after the failover: %s", verified.body().asString()).isEqualTo(200);
    var token = verified.<String>path("verification_token");
    var bound = untilNot503(statuses, () -> as(user).body(new JsonObject().put("sudo_token", sudoToken).put("phone_number", phone)
        .put("verification_token", token).encode()).patch("/auth/v1/user/contact"));
    assertThat(bound.statusCode()).as("bind after the failover: %s", bound.body().asString()).isEqualTo(200);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
    assertThat(statuses).as("503 answers while the client found the new master (200 ms apart)").hasSizeLessThan(50);
    bindNewPhone("+86 13800009002");
  }

  /** Repeats a request while it answers 503 (the state store switching masters), for at most 10 s. */
  private static Response untilNot503(List<Integer> seen, Supplier<Response> call) throws InterruptedException {
    var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      var response = call.get();
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        return response;
      }
      assertThat(response.<String>path("error")).isEqualTo("unavailable");
      seen.add(response.statusCode());
      Thread.sleep(Duration.ofMillis(200).toMillis());
    }
  }

  private void bindNewPhone(String phone) {
    var user = newUser();
    var sudoToken = sudo(user);
    var token = provePhone(user, phone);
    as(user).body(new JsonObject().put("sudo_token", sudoToken).put("phone_number", phone).put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").then().statusCode(200);
  }
}
