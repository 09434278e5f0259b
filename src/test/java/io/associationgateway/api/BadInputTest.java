package io.associationgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;

/** Malformed, mistyped and missing input gets a 4xx with an error id on every endpoint, never a 500. */
@QuarkusTest
class BadInputTest extends GatewayTest {

  @ParameterizedTest(name = "{0} {1} <- {2}")
  @CsvSource(delimiter = '|', textBlock = """
      POST  | /auth/v1/user/sudo                 | {not json
      POST  | /auth/v1/user/sudo                 | []
      POST  | /auth/v1/user/sudo                 | "text"
      POST  | /auth/v1/user/sudo                 | {"password": {"nested": 1}}
      POST  | /auth/v1/user/sudo                 | {"password": ["a"]}
      POST  | /auth/v1/user/sudo                 | ''
      POST  | /auth/v1/verification              | {"phone_number": 13800000000.5e300}
      POST  | /auth/v1/verification              | {"phone_number": "+86 13800000000\u0000"}
      POST  | /auth/v1/verification              | {"email": "a@b"}
      POST  | /auth/v1/verification              | {"email": "a\u0000b@example.com"}
      POST  | /auth/v1/verification              | {"email": "a\u007fb@example.com"}
      POST  | /auth/v1/verification              | {"email": "\u00fc@example.com"}
      POST  | /auth/v1/verification              | {"phone_number": "+1 202 555 0100 1234567890123456789012345678901234567890"}
      POST  | /auth/v1/verification              | {"usage": "SOMETHING", "email": "a@example.com"}
      POST  | /auth/v1/verification/verify       | {"verification_id": 5, "verification_code": {}}
      POST  | /auth/v1/verification/verify       | {"verification_id": "gwv_x"}
      POST  | /auth/v1/verification/verify       | {"verification_code": "123456"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": 42, "phone_number": "+86 13800000000", "verification_token": "t"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": {"other": "x"}, "phone_number": "+86 13800000000", "verification_token": "t"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": "s", "phone_number": "+86 13800000000"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": "s", "verification_token": "t"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": "s", "email": "x@example.com", "phone_number": "+86 13800000000", "verification_token": "t"}
      PATCH | /auth/v1/user/contact              | {"sudo_token": "s", "phone_number": "call me", "verification_token": "t"}
      """)
  void refusedWithAnErrorId(String method, String path, String body) {
    var user = newUser();
    as(user).contentType("text/plain;charset=UTF-8").body(body.equals("''") ? "" : body).request(method, path)
        .then().statusCode(400).body("error", equalTo("invalid_argument")).body("error_code", equalTo(4000))
        .body("error_description", notNullValue());
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathMatching("/auth/v1/user/(sudo|basic/edit)")));
    this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
  }
}
