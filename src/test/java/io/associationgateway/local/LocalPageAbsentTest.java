package io.associationgateway.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

/** Outside local mode (here the test profile, like prod) {@code /} is not the local page: no route answers it. */
@QuarkusTest
class LocalPageAbsentTest extends GatewayTest {

  @Test
  void rootIsNotTheLocalPageOutsideLocalMode() {
    given().get("/").then().statusCode(404).body(not(containsString("<html"))).body("error", equalTo("not_found"));
  }
}
