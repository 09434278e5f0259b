package io.associationgateway.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.api.OwnedEndpoint;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.support.GatewayTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;

/**
 * Property-based fuzzing of every endpoint the gateway owns ({@link OwnedEndpoint}) and of the pass-through, with
 * requests drawn from jqwik arbitraries ({@link FuzzInputs}) by a seeded random, so a failing run can be replayed.
 * Properties: no 5xx (the upstream stand-ins stay healthy, so any 5xx is the gateway's fault); every 4xx the gateway
 * answers is {@code {error, error_code, error_description}} with a known {@link ErrorId}; no answer carries a stack
 * trace or echoes a secret; afterwards readiness is up and a whole flow still binds.
 *
 * <p>{@code -Dfuzz.tries=N} (requests per endpoint, default 300) and {@code -Dfuzz.seed=S} (default fixed; {@code random}
 * for a new one, printed) tune a run.
 */
@QuarkusTest
class BadInputFuzzTest extends GatewayTest {

  static final int TRIES = Integer.getInteger("fuzz.tries", 300);
  static final long SEED = seed(System.getProperty("fuzz.seed", "20260611"));
  private static final int GEN_SIZE = 1000;
  private static final String UPSTREAM_MARK = "X-Fuzz-Upstream";
  private static final Pattern STACK_TRACE = Pattern
      .compile("(?i)exception|\\bat [a-z]+\\.[a-z]+\\.|\\.java:\\d+|io\\.associationgateway|io\\.vertx|"
          + "com\\.fasterxml|org\\.jboss|java\\.lang");

  @TestHTTPResource("/")
  URI base;

  private static long seed(String text) {
    if (text.equals("random")) {
      var seed = new Random().nextLong();
      System.out.println("fuzz seed: " + seed);
      return seed;
    }
    return Long.parseLong(text);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(OwnedEndpoint.class)
  void ownedEndpointsRefuseBadInputCleanly(OwnedEndpoint endpoint) {
    var pool = prepare(endpoint.ordinal());
    fuzz(endpoint.name(), new FuzzInputs(pool).forEndpoint(endpoint), TRIES);
    assertOnlyCleanAddressesReachedUpstreams();
    assertHealthy(endpoint.ordinal());
  }

  @Test
  void passThroughRefusesBadInputCleanly() {
    var pool = prepare(40);
    fuzz("PASS_THROUGH", new FuzzInputs(pool).passThrough(), Math.max(1, TRIES / 2));
    assertHealthy(40);
  }

  // ---------------------------------------------------------------- the run

  private void fuzz(String name, Arbitrary<FuzzInputs.Sample> arbitrary, int tries) {
    var samples = draw(arbitrary, SEED ^ name.hashCode());
    var statuses = new TreeMap<Integer, Integer>();
    var failures = new ArrayList<String>();
    var started = System.nanoTime();
    for (int i = 0; i < tries; i++) {
      var sample = samples.next();
      RawHttp.Answer answer;
      try {
        answer = RawHttp.send(this.base.getPort(), sample.request(), 10_000);
      } catch (RuntimeException e) {
        failures.add("#" + i + " no answer (" + e.getMessage() + "): " + sample.describe());
        continue;
      }
      statuses.merge(answer.status(), 1, Integer::sum);
      var problems = problems(sample, answer);
      if (!problems.isEmpty()) {
        failures.add("#" + i + " " + problems + " HTTP " + answer.status() + " " + RawHttp.abbreviate(answer.text(), 300) + "\n  <- "
            + sample.describe());
      }
    }
    System.out.printf("fuzz %s: %d requests in %d ms, statuses %s%n", name, tries, (System.nanoTime() - started) / 1_000_000, statuses);
    assertThat(failures).as("%d of %d %s requests broke a property (seed %d: replay with -Dfuzz.seed=%d -Dfuzz.tries=%d -Dtest=%s):%n%s",
        failures.size(), tries, name, SEED, SEED, TRIES, getClass().getSimpleName(),
        String.join("\n", failures.subList(0, Math.min(8, failures.size()))))
        .isEmpty();
  }

  /**
   * Samples of {@code arbitrary}, drawn by a {@link Random} with this seed. jqwik's generators keep state in its
   * lifecycle (they are memoised in a store), which exists only inside jqwik or inside {@link Arbitrary#sampleStream()};
   * so the draws run inside a sample stream, but from our own seeded random instead of jqwik's.
   */
  static <T> Iterator<T> draw(Arbitrary<T> arbitrary, long seed) {
    var random = new Random(seed);
    var generator = new AtomicReference<RandomGenerator<T>>();
    return Arbitraries.randomValue(jqwiksOwn -> {
      if (generator.get() == null) {
        generator.set(arbitrary.generatorWithEmbeddedEdgeCases(GEN_SIZE));
      }
      return generator.get().next(random).value();
    }).sampleStream().iterator();
  }

  /**
   * Refused by the HTTP server before any route runs (Vert.x's invalid-request handler): a request line longer than
   * {@code quarkus.http.limits.max-initial-line-length} (414), headers beyond {@code max-header-size} (431), an invalid
   * percent-encoding in the query (400). Always without a body and with {@code Connection: close}; the gateway never
   * sees these requests, so they cannot carry its envelope.
   */
  static boolean refusedByHttpServer(RawHttp.Answer answer) {
    return (answer.status() == 400 || answer.status() == 414 || answer.status() == 431) && answer.body().length == 0
        && answer.header("Content-Type") == null && (answer.status() != 400 || "close".equalsIgnoreCase(answer.header("Connection")));
  }

  /**
   * The CloudBase stand-in (WireMock) itself fails on a request it cannot read, which the gateway forwarded unchanged,
   * as it should: a charset it does not know, or multipart without a boundary. Real CloudBase answers such requests
   * itself; the gateway's part is to relay the answer.
   */
  static boolean standInCannotRead(FuzzInputs.Sample sample) {
    for (var header : sample.request().headers()) {
      if (!header.getKey().equalsIgnoreCase("Content-Type")) {
        continue;
      }
      var type = header.getValue().toLowerCase(Locale.ROOT);
      if (type.startsWith("multipart/") && !type.contains("boundary=")) {
        return true;
      }
      var charset = type.indexOf("charset=");
      if (charset >= 0) {
        try {
          Charset.forName(type.substring(charset + 8).split(";")[0].strip());
        } catch (RuntimeException unknown) {
          return true;
        }
      }
    }
    return false;
  }

  /** What is wrong with an answer; empty when it keeps every property. */
  static List<String> problems(FuzzInputs.Sample sample, RawHttp.Answer answer) {
    var problems = new ArrayList<String>();
    var status = answer.status();
    var text = answer.text();
    // CloudBase's answers, relayed unchanged: the stand-in's stubs mark theirs; its HTTP server's own error pages are Jetty's
    var fromCloudBase = answer.header(UPSTREAM_MARK) != null || text.startsWith("<h1>Bad Message 4") || text.contains("HTTP ERROR 5");
    if (refusedByHttpServer(answer) || (status == 500 && (text.isEmpty() || text.contains("HTTP ERROR 5")) && standInCannotRead(sample))) {
      return problems;
    }
    if (status >= 500) {
      problems.add("5xx");
    }
    if (status >= 400 && !fromCloudBase) {
      var type = answer.header("Content-Type");
      if (type == null || !type.startsWith("application/json")) {
        problems.add("content type " + type);
      }
      try {
        var body = new JsonObject(text);
        var code = body.getValue("error_code");
        var id = Arrays.stream(ErrorId.values()).filter(known -> Integer.valueOf(known.code()).equals(code)).findFirst();
        if (id.isEmpty()) {
          problems.add("unknown error_code " + code);
        } else if (!id.get().error().equals(body.getValue("error")) || id.get().status() != status) {
          problems.add("error/status do not match " + id.get());
        }
        if (!(body.getValue("error_description") instanceof String)) {
          problems.add("no error_description");
        }
      } catch (RuntimeException notJson) {
        problems.add("body is not a JSON object");
      }
    }
    if (STACK_TRACE.matcher(text).find()) {
      problems.add("stack trace or class names in the body");
    }
    for (var secret : sample.secrets()) {
      if (secret.length() >= 12 && text.contains(secret)) {
        problems.add("echoes a secret");
        break;
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------- stand-ins and pool

  /** Healthy stand-ins for every upstream call the fuzz can cause, and real tokens of a signed-in user. */
  private FuzzInputs.Pool prepare(int batch) {
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(get(urlEqualTo("/auth/v1/user/me")).atPriority(90).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json").withHeader(UPSTREAM_MARK, "cloudbase")
        .withBody("{\"error\":\"unauthenticated\",\"error_description\":\"token expired\"}")));
    cloudBase.stubFor(WireMock.any(anyUrl()).atPriority(100)
        .willReturn(okJson("{\"fuzz\":\"cloudbase\"}").withHeader(UPSTREAM_MARK, "cloudbase")));
    // CloudBase's provider flow (the gateway relays it): its own provider tokens, bind, list and unlink
    cloudBase.stubFor(post(urlPathEqualTo("/auth/v1/provider/token"))
        .withRequestBody(matchingJsonPath("$.provider_code", equalTo("good-code")))
        .willReturn(okJson(
            "{\"provider_token\":\"cb-provider-token-fuzz\",\"expires_in\":3600,\"provider_profile\":{\"provider_id\":\"wx_open\",\"sub\":\"u-fuzz\"}}")));
    cloudBase.stubFor(post(urlPathEqualTo("/auth/v1/user/provider/bind"))
        .withRequestBody(matchingJsonPath("$.provider_token", equalTo("cb-provider-token-fuzz")))
        .willReturn(okJson("{}")));
    cloudBase.stubFor(get(urlPathEqualTo("/auth/v1/user/provider"))
        .willReturn(okJson("{\"total\":1,\"data\":[{\"id\":\"wx_open\",\"name\":\"WeChat\",\"bind\":true}]}")));
    cloudBase.stubFor(WireMock.delete(urlPathEqualTo("/auth/v1/user/provider/wx_open")).willReturn(okJson("{}")));

    var user = newUser();
    var profile = new JsonObject().put("sub", user.id()).put("name", "someone").put("has_password", true)
        .put("providers", new JsonArray().add(new JsonObject().put("id", "wx_open").put("provider_user_id", "u-fuzz").put("name", "Fuzz")));
    cloudBase.stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .willReturn(okJson(profile.encode())));

    var phones = List.of(phone(batch, 0), phone(batch, 1), phone(batch, 2), phone(batch, 3));
    var emails = List.of("fuzz-" + batch + "-a@example.com", "fuzz-" + batch + "-b@example.com");
    var sudoTokens = List.of(sudo(user), sudo(user), sudo(user));
    var verificationIds = List.of(sendCode(user, "phone_number", phones.get(0)), sendCode(user, "email", emails.get(0)));
    var emailId = sendCode(user, "email", emails.get(1));
    var verificationTokens = List.of(provePhone(user, phones.get(1)), provePhone(user, phones.get(2)),
        verify(emailId, lastEmailCode(emails.get(1))));
    var providerTokens = List.of(providerToken(), providerToken());
    return new FuzzInputs.Pool(user.accessToken(), user.password(), sudoTokens, verificationIds, verificationTokens, providerTokens, phones,
        emails);
  }

  private static String phone(int batch, int n) {
    return String.format("+86 1382%07d", batch * 100 + n);
  }

  private String providerToken() {
    return given().contentType(ContentType.JSON).header("x-device-id", "fuzz-device-0000000001")
        .body("{\"provider_id\":\"wx_open\",\"provider_code\":\"good-code\"}")
        .post("/auth/v1/provider/token").then().statusCode(200).extract().path("provider_token");
  }

  /** Whatever got through: every e-mail recipient and SMS number the upstreams received is plain printable ASCII. */
  private void assertOnlyCleanAddressesReachedUpstreams() {
    var recipients = new ArrayList<String>();
    try {
      for (var message : this.upstreams.smtp().getReceivedMessages()) {
        for (var address : message.getAllRecipients()) {
          recipients.add(address.toString());
        }
      }
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
    for (var request : this.upstreams.sms().findAll(WireMock.postRequestedFor(urlEqualTo("/")))) {
      new JsonObject(request.getBodyAsString()).getJsonArray("PhoneNumberSet").forEach(number -> recipients.add(String.valueOf(number)));
    }
    assertThat(recipients).isNotEmpty()
        .allSatisfy(recipient -> assertThat(recipient).as("address sent to an upstream").matches("[\\x21-\\x7e]+"));
  }

  /** Readiness is up and a whole flow (sudo, code, verify, bind) still works for a new user. */
  private void assertHealthy(int batch) {
    var ready = RawHttp.send(this.base.getPort(), new RawHttp.Request("GET", "/q/health/ready", List.of(), null), 10_000);
    assertThat(ready.status()).as("readiness after fuzzing").isEqualTo(200);
    var user = newUser();
    var phone = phone(batch, 99);
    var sudoToken = sudo(user);
    var token = provePhone(user, phone);
    as(user).body(new JsonObject().put("sudo_token", sudoToken).put("phone_number", phone).put("verification_token", token).encode())
        .patch("/auth/v1/user/contact").then().statusCode(200);
  }
}
