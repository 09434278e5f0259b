package io.associationgateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.associationgateway.support.SmtpFaultProxy;
import io.associationgateway.upstream.Upstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Faults of each upstream (CloudBase, Tencent SMS, SMTP): the typed answer, no token the user still needs is
 * spent, nothing that sends a message is retried, and the upstream's circuit breaker opens and closes again. Upstream
 * timeouts are 1 s and breakers open on 5 faults in a window of 10 and wait 1 s in the test profile.
 */
@QuarkusTest
class UpstreamFaultTest extends GatewayTest {

  private static final int WINDOW = 10;
  private static final String EDIT = "/auth/v1/user/basic/edit";
  private static final String BIND_PROVIDER = "/auth/v1/user/provider/bind";
  private static final String SMS_OK = new JsonObject().put("Response", new JsonObject()
      .put("SendStatusSet", new JsonArray().add(new JsonObject().put("Code", "Ok").put("PhoneNumber", "+8613800000000")))
      .put("RequestId", "req-ok")).encode();

  /** One way an upstream fails, and what the gateway answers for it (the mapping of {@code UpstreamFailures}). */
  enum Fault {
    /** Answers after the 1 s timeout. */
    TIMEOUT(504, "deadline_exceeded", 5040, SmtpFaultProxy.Mode.HANG),
    /** HTTP 503 (SMTP: a {@code 421} greeting): the upstream says it is down. */
    UNAVAILABLE_503(503, "unavailable", 5030, SmtpFaultProxy.Mode.REPLY_421),
    /** HTTP 500 with a body that is not the upstream's JSON. */
    SERVER_ERROR_500(502, "unavailable", 5020, null),
    /** The connection is reset instead of answered. */
    CONNECTION_RESET(502, "unavailable", 5020, SmtpFaultProxy.Mode.RESET),
    /** A broken chunk in the HTTP response. */
    MALFORMED_CHUNK(502, "unavailable", 5020, null),
    /** HTTP 200 with garbage instead of JSON (SMTP: garbage instead of a greeting). */
    GARBAGE_BODY(502, "unavailable", 5020, SmtpFaultProxy.Mode.GARBAGE),
    /** The right answer, dribbled out over 3 s in small pieces that each come well within the timeout. */
    SLOW_BODY(504, "deadline_exceeded", 5040, SmtpFaultProxy.Mode.DRIBBLE);

    final int status;
    final String error;
    final int code;
    final SmtpFaultProxy.Mode smtp;

    Fault(int status, String error, int code, SmtpFaultProxy.Mode smtp) {
      this.status = status;
      this.error = error;
      this.code = code;
      this.smtp = smtp;
    }

    /** The WireMock answer for this fault; {@code goodBody} is what a healthy upstream would answer. */
    ResponseDefinitionBuilder response(String goodBody) {
      return switch (this) {
        case TIMEOUT -> okJson(goodBody).withFixedDelay(1500);
        case UNAVAILABLE_503 -> aResponse().withStatus(503).withBody("Service Unavailable");
        case SERVER_ERROR_500 -> aResponse().withStatus(500).withBody("<html>Internal Server Error</html>");
        case CONNECTION_RESET -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
        case MALFORMED_CHUNK -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK);
        case GARBAGE_BODY -> aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"Response\": [garbage");
        case SLOW_BODY -> okJson(goodBody).withChunkedDribbleDelay(10, 3000);
      };
    }

    void assertAnswered(Response answer) {
      assertThat(answer.statusCode()).as("status for " + this).isEqualTo(this.status);
      assertThat(answer.jsonPath().getString("error")).isEqualTo(this.error);
      assertThat(answer.jsonPath().getInt("error_code")).isEqualTo(this.code);
      assertThat(answer.jsonPath().getString("details")).as("an upstream fault, not the breaker").isNull();
    }
  }

  // ---- each fault, each upstream ----

  @ParameterizedTest
  @EnumSource(Fault.class)
  void cloudBaseFaultOnTheContactWriteKeepsTheTokenPair(Fault fault) {
    var user = newUser();
    var phone = "+86 13800001001";
    var sudoToken = sudo(user);
    var token = provePhone(user, phone);
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(post(urlEqualTo(EDIT)).willReturn(fault.response("{}")));

    fault.assertAnswered(bind(user, sudoToken, phone, token));
    cloudBase.verify(1, postRequestedFor(urlEqualTo(EDIT)));
    assertThat(this.redis.key().exists(RedisKeys.verificationToken(token))).as("verification token kept").isTrue();
    assertThat(this.redis.key().exists(RedisKeys.sudoGrant(sudoToken))).as("sudo grant kept").isTrue();

    cloudBase.stubFor(post(urlEqualTo(EDIT)).willReturn(okJson("{}")));
    assertThat(bind(user, sudoToken, phone, token).statusCode()).isEqualTo(200);
    cloudBase.verify(2, postRequestedFor(urlEqualTo(EDIT)).withRequestBody(equalToJson(
        new JsonObject().put("user_id", user.id()).put("phone", phone).encode())));
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void smsFaultSendsOneMessageAndKeepsTheSudoGrant(Fault fault) {
    var user = newUser();
    var phone = "+86 13800001002";
    var sudoToken = sudo(user);
    var sms = this.upstreams.sms();
    sms.stubFor(post(urlEqualTo("/")).willReturn(fault.response(SMS_OK)));

    fault.assertAnswered(as(user).body(new JsonObject().put("phone_number", phone).encode()).post("/auth/v1/verification"));
    assertStaysAt(() -> sms.findAll(postRequestedFor(urlEqualTo("/"))).size(), 1);
    assertThat(this.redis.key().exists(RedisKeys.sudoGrant(sudoToken))).isTrue();

    stubSmsAccepted();
    var token = provePhone(user, phone);
    assertThat(bind(user, sudoToken, phone, token).statusCode()).isEqualTo(200);
    sms.verify(2, postRequestedFor(urlEqualTo("/")));
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"TIMEOUT", "UNAVAILABLE_503", "CONNECTION_RESET", "GARBAGE_BODY", "SLOW_BODY"})
  void smtpFaultSendsOneMessageAndKeepsTheSudoGrant(Fault fault) {
    var user = newUser();
    var email = "fault-" + fault.name().toLowerCase() + "@example.com";
    var sudoToken = sudo(user);
    var proxy = this.upstreams.smtpProxy();
    var before = proxy.accepted();
    proxy.mode(fault.smtp);

    var answer = as(user).body(new JsonObject().put("email", email).encode()).post("/auth/v1/verification");
    // the Vert.x mail client notices a reset before the greeting only sometimes; else the send deadline answers for it
    var expected = fault == Fault.CONNECTION_RESET && answer.statusCode() == 504 ? Fault.TIMEOUT : fault;
    expected.assertAnswered(answer);
    assertStaysAt(() -> proxy.accepted() - before, 1);
    assertThat(this.upstreams.smtp().getReceivedMessagesForDomain(email)).isEmpty();
    assertThat(this.redis.key().exists(RedisKeys.sudoGrant(sudoToken))).isTrue();

    proxy.mode(SmtpFaultProxy.Mode.PASS);
    var token = verify(sendCode(user, "email", email), lastEmailCode(email));
    assertThat(as(user).body(new JsonObject().put("sudo_token", sudoToken).put("email", email).put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").statusCode()).isEqualTo(200);
    assertThat(this.upstreams.smtp().getReceivedMessagesForDomain(email)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void cloudBaseFaultOnTheProviderBindIsTypedAndTheSameProviderTokenBindsAfterwards(Fault fault) {
    var user = newUser();
    var providerToken = "cb-provider-token-" + UUID.randomUUID();
    // as provider/token records it after a linking round of this user (ProviderRelayTest covers the round itself)
    this.redis.value(String.class).set(RedisKeys.linkToken(providerToken), "u:" + user.id());
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(post(urlEqualTo(BIND_PROVIDER)).willReturn(fault.response("{}")));

    fault.assertAnswered(bindProvider(user, providerToken));
    cloudBase.verify(1, postRequestedFor(urlEqualTo(BIND_PROVIDER)));

    cloudBase.stubFor(post(urlEqualTo(BIND_PROVIDER)).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson(new JsonObject().put("provider_token", providerToken).encode())).willReturn(okJson("{}")));
    assertThat(bindProvider(user, providerToken).statusCode()).isEqualTo(200);
    cloudBase.verify(2, postRequestedFor(urlEqualTo(BIND_PROVIDER)));
  }

  // ---- the breakers ----

  @ParameterizedTest
  @EnumSource(Upstream.class)
  void breakerOpensAfterFaultsAnswersAtOnceAndClosesAfterTheDelay(Upstream upstream) {
    var target = target(upstream);
    var openedBefore = breakerMetric("gateway_circuit_breaker_opened_total", upstream, null);
    assertThat(breakerStateMetrics(upstream)).as("closed at the start").containsExactly(1.0, 0.0, 0.0);
    target.breakIt.run();
    var calls = target.calls.getAsInt();

    var sent = 0;
    Response answer;
    do {
      answer = target.request.get();
      sent++;
      if (!isCircuitOpen(answer)) {
        assertThat(answer.statusCode()).as("the upstream's own fault").isIn(502, 503);
        assertThat(target.calls.getAsInt() - calls).as("one upstream call per request").isEqualTo(sent);
      }
    } while (!isCircuitOpen(answer) && sent <= WINDOW + 1);

    assertThat(isCircuitOpen(answer)).as("breaker opened within the window").isTrue();
    assertThat(sent).isBetween(WINDOW / 2 + 1, WINDOW + 1);
    assertThat(answer.jsonPath().getString("error")).isEqualTo("unavailable");
    assertThat(answer.jsonPath().getInt("error_code")).isEqualTo(5030);
    assertThat(answer.jsonPath().getString("details.scope")).isEqualTo("upstream");
    assertThat(answer.header("Retry-After")).isEqualTo("1");
    assertThat(this.breakers.currentState(upstream.breakerName())).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(breakerStateMetrics(upstream)).as("the state metric: open").containsExactly(0.0, 1.0, 0.0);
    assertThat(breakerMetric("gateway_circuit_breaker_opened_total", upstream, null)).isEqualTo(openedBefore + 1);
    var whenOpened = target.calls.getAsInt();
    assertThat(whenOpened - calls).as("the refused request made no call").isEqualTo(sent - 1);
    for (int i = 0; i < 3; i++) {
      assertThat(isCircuitOpen(target.request.get())).isTrue();
    }
    assertThat(target.calls.getAsInt()).as("no call while open").isEqualTo(whenOpened);

    target.mend.run();
    Awaitility.await().atMost(Duration.ofSeconds(3))
        .until(() -> this.breakers.currentState(upstream.breakerName()) == CircuitBreakerState.HALF_OPEN);
    assertThat(breakerStateMetrics(upstream)).as("the state metric: half-open").containsExactly(0.0, 0.0, 1.0);
    assertThat(target.request.get().statusCode()).as("probe reaches the mended upstream").isEqualTo(200);
    assertThat(target.calls.getAsInt()).isEqualTo(whenOpened + 1);
    assertThat(target.request.get().statusCode()).isEqualTo(200);
    assertThat(this.breakers.currentState(upstream.breakerName())).as("two good probes close it").isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(breakerStateMetrics(upstream)).as("the state metric: closed again").containsExactly(1.0, 0.0, 0.0);
    assertThat(breakerMetric("gateway_circuit_breaker_opened_total", upstream, null)).as("one opening").isEqualTo(openedBefore + 1);
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString().lines())
        .as("SmallRye Fault Tolerance's per-call metrics are off").noneMatch(line -> line.startsWith("ft_"));
  }

  @Test
  void thePassThroughAndTheGatewaysOwnCloudBaseCallsHaveSeparateBreakers() {
    // the gateway's own CloudBase breaker open: the pass-through still reaches CloudBase
    var own = target(Upstream.CLOUDBASE);
    own.breakIt.run();
    for (int i = 0; i <= WINDOW && !isCircuitOpen(own.request.get()); i++) {
      // fault after fault until the breaker opens
    }
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE.breakerName())).isEqualTo(CircuitBreakerState.OPEN);
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/signin")).willReturn(okJson("{\"access_token\":\"at\"}")));
    given().contentType(ContentType.JSON).body("{\"username\":\"demo\",\"password\":\"x\"}").post("/auth/v1/signin").then().statusCode(200);
    this.upstreams.cloudBase().verify(1, postRequestedFor(urlEqualTo("/auth/v1/signin")));
    own.mend.run();
    this.breakers.resetAll();

    // the pass-through's breaker open: sudo, which the gateway answers with its own CloudBase calls, still works
    var relay = target(Upstream.CLOUDBASE_PASS_THROUGH);
    relay.breakIt.run();
    for (int i = 0; i <= WINDOW && !isCircuitOpen(relay.request.get()); i++) {
      // fault after fault until the breaker opens
    }
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE_PASS_THROUGH.breakerName())).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(sudo(newUser())).isNotBlank();
    assertThat(this.breakers.currentState(Upstream.CLOUDBASE.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);
  }

  @Test
  void businessRefusalsNeverOpenABreaker() {
    var user = newUser();
    for (int i = 0; i < 2 * WINDOW; i++) {
      as(user).body("{\"password\":\"wrong\"}").post("/auth/v1/user/sudo").then().statusCode(400)
          .body("error", Matchers.equalTo("invalid_password"));
    }
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(okJson(new JsonObject().put("Response", new JsonObject()
        .put("Error", new JsonObject().put("Code", "LimitExceeded.PhoneNumberDailyLimit").put("Message", "limit"))
        .put("RequestId", "r")).encode())));
    for (int i = 0; i < 2 * WINDOW; i++) {
      as(user).body("{\"phone_number\":\"+86 13800001003\"}").post("/auth/v1/verification").then().statusCode(429);
    }
    // a 4xx without CloudBase's error body is answered 502 but is a refusal of this request, not a fault of CloudBase
    var other = newUser();
    this.upstreams.cloudBase()
        .stubFor(post(urlEqualTo("/auth/v1/user/sudo")).withHeader("Authorization", equalTo("Bearer " + other.accessToken()))
            .willReturn(aResponse().withStatus(404).withBody("no such route")));
    for (int i = 0; i < 2 * WINDOW; i++) {
      assertThat(as(other).body("{\"password\":\"x\"}").post("/auth/v1/user/sudo").statusCode()).isEqualTo(502);
    }

    assertThat(this.breakers.currentState(Upstream.CLOUDBASE.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(this.breakers.currentState(Upstream.SMS.breakerName())).isEqualTo(CircuitBreakerState.CLOSED);
    assertThat(sudo(user)).isNotBlank();
  }

  @Test
  void idempotentReadsAreRetriedButNotIntoAnOpenBreaker() {
    var user = newUser();
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(get(urlEqualTo("/auth/v1/user/me")).willReturn(aResponse().withStatus(503).withBody("down")));

    for (int request = 1; request <= 3; request++) {
      var answer = as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo");
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.jsonPath().getString("details")).isNull();
      cloudBase.verify(3 * request, getRequestedFor(urlEqualTo("/auth/v1/user/me")));
    }
    // the 10th try fills the window and opens the breaker; its retry is refused by the breaker and not retried again
    var answer = as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo");
    assertThat(isCircuitOpen(answer)).isTrue();
    cloudBase.verify(WINDOW, getRequestedFor(urlEqualTo("/auth/v1/user/me")));
  }

  // ---- helpers ----

  /** An upstream to break and mend, a request that reaches it exactly once, and its call count. */
  private record Target(Runnable breakIt, Runnable mend, Supplier<Response> request, IntSupplier calls) {
  }

  private Target target(Upstream upstream) {
    var user = newUser();
    return switch (upstream) {
      case CLOUDBASE -> {
        sudo(user); // caches the caller, so each later sudo is one CloudBase call: the password check
        var sudoPath = urlEqualTo("/auth/v1/user/sudo");
        yield new Target(
            () -> this.upstreams.cloudBase().stubFor(post(sudoPath).willReturn(aResponse().withStatus(503).withBody("down"))),
            () -> this.upstreams.cloudBase().stubFor(post(sudoPath).willReturn(okJson("{\"sudo_token\":\"cb\",\"expires_in\":900}"))),
            () -> as(user).body(new JsonObject().put("password", user.password()).encode()).post("/auth/v1/user/sudo"),
            () -> this.upstreams.cloudBase().findAll(postRequestedFor(sudoPath)).size());
      }
      case CLOUDBASE_PASS_THROUGH -> {
        // the pass-through relays any status CloudBase answers; only transport faults count
        var profilePath = urlEqualTo("/auth/v1/user/profile");
        yield new Target(
            () -> this.upstreams.cloudBase().stubFor(get(profilePath).willReturn(aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))),
            () -> this.upstreams.cloudBase().stubFor(get(profilePath).willReturn(okJson("{\"sub\":\"x\"}"))),
            () -> as(user).get("/auth/v1/user/profile"),
            () -> this.upstreams.cloudBase().findAll(getRequestedFor(profilePath)).size());
      }
      case SMS -> new Target(
          () -> this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(503).withBody("down"))),
          this::stubSmsAccepted,
          () -> as(user).body("{\"phone_number\":\"+86 13800001005\"}").post("/auth/v1/verification"),
          () -> this.upstreams.sms().findAll(postRequestedFor(urlEqualTo("/"))).size());
      case EMAIL -> new Target(
          () -> this.upstreams.smtpProxy().mode(SmtpFaultProxy.Mode.REPLY_421),
          () -> this.upstreams.smtpProxy().mode(SmtpFaultProxy.Mode.PASS),
          () -> as(user).body("{\"email\":\"breaker@example.com\"}").post("/auth/v1/verification"),
          () -> this.upstreams.smtpProxy().accepted());
    };
  }

  /** {@code gateway_circuit_breaker_state} of the upstream's breaker for closed, open, half-open, in that order. */
  private static List<Double> breakerStateMetrics(Upstream upstream) {
    return Stream.of("closed", "open", "half_open")
        .map(state -> breakerMetric("gateway_circuit_breaker_state", upstream, state)).toList();
  }

  /** One series of a breaker metric, by its {@code breaker} (and {@code state}) label. */
  private static double breakerMetric(String name, Upstream upstream, String state) {
    var labels = "breaker=\"" + upstream.breakerName() + "\"" + (state == null ? "" : ",state=\"" + state + "\"");
    return metric(name + "{" + labels + "}");
  }

  private static boolean isCircuitOpen(Response answer) {
    return answer.statusCode() == 503 && "circuit_open".equals(answer.jsonPath().getString("details.kind"));
  }

  /** The count reaches {@code expected} and stays there: no late retry shows up. */
  private static void assertStaysAt(IntSupplier count, int expected) {
    Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> count.getAsInt() == expected);
  }

  private Response bind(User user, String sudoToken, String phone, String verificationToken) {
    return as(user)
        .body(
            new JsonObject().put("sudo_token", sudoToken).put("phone_number", phone).put("verification_token", verificationToken).encode())
        .patch("/auth/v1/user/contact");
  }

  private Response bindProvider(User user, String providerToken) {
    return as(user).body(new JsonObject().put("provider_token", providerToken).encode()).post(BIND_PROVIDER);
  }
}
