package io.associationgateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Base of the gateway's {@code @QuarkusTest}s: a real Redis, WireMock as CloudBase and Tencent SMS, GreenMail as
 * SMTP, and helpers that walk the association flow the way a client does.
 */
@WithTestResource(RedisServerResource.class)
@WithTestResource(UpstreamsResource.class)
public abstract class GatewayTest {

  public static final String ADMIN_TOKEN = "admin-token-from-client-credentials";
  private static final int CONTENT_READERS = 16;

  @InjectUpstreams
  protected Upstreams upstreams;

  @Inject
  protected RedisDataSource redis;

  @Inject
  ReactiveRedisDataSource reactiveRedis;

  @Inject
  protected CircuitBreakerMaintenance breakers;

  @BeforeEach
  void resetUpstreams() {
    // breakers live as long as the app, which outlives a test: every test starts with all of them closed
    this.breakers.resetAll();
    this.upstreams.cloudBase().resetAll();
    this.upstreams.sms().resetAll();
    this.upstreams.smtp().reset();
    this.upstreams.smtpProxy().mode(SmtpFaultProxy.Mode.PASS);
    stubAdminApi();
    stubSmsAccepted();
  }

  /** A signed-in user of the fake CloudBase. */
  public record User(String id, String accessToken, String password) {
  }

  /** A new user with its own access token, known to CloudBase's {@code user/me} and password check. */
  protected User newUser(String phone, String email) {
    var id = "user-" + UUID.randomUUID();
    var user = new User(id, "at-" + UUID.randomUUID(), "pw-" + UUID.randomUUID());
    var profile = new JsonObject().put("sub", id).put("name", "someone").put("phone_number", phone).put("email", email);
    this.upstreams.cloudBase()
        .stubFor(get(urlEqualTo("/auth/v1/user/me")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
            .willReturn(okJson(profile.encode())));
    this.upstreams.cloudBase()
        .stubFor(post(urlEqualTo("/auth/v1/user/sudo")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
            .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_password\",\"error_description\":\"wrong password\"}")));
    this.upstreams.cloudBase()
        .stubFor(post(urlEqualTo("/auth/v1/user/sudo")).withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
            .withRequestBody(equalToJson(new JsonObject().put("password", user.password()).encode()))
            .willReturn(okJson("{\"sudo_token\":\"cloudbase-own-sudo-token\",\"expires_in\":900}")));
    return user;
  }

  protected User newUser() {
    return newUser(null, null);
  }

  private void stubAdminApi() {
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/token/clientCredential"))
        .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString(
            (UpstreamsResource.CLOUDBASE_SECRET_ID + ":" + UpstreamsResource.CLOUDBASE_SECRET_KEY).getBytes(StandardCharsets.UTF_8))))
        .withRequestBody(equalToJson("{\"grant_type\":\"client_credentials\"}"))
        .willReturn(
            okJson(new JsonObject().put("access_token", ADMIN_TOKEN).put("token_type", "Bearer").put("expires_in", 7200).encode())));
    this.upstreams.cloudBase()
        .stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withHeader("Authorization", equalTo("Bearer " + ADMIN_TOKEN))
            .willReturn(okJson("{\"total\":0,\"data\":[]}")));
    // basic/edit as documented and no more lenient: the admin credential, user_id plus phone ("+86 ..." or "") or email
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/basic/edit")).atPriority(10)
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody(
                "{\"error\":\"invalid_argument\",\"error_code\":400,\"error_description\":\"not the documented basic/edit request\"}")));
    this.upstreams.cloudBase().stubFor(post(urlEqualTo("/auth/v1/user/basic/edit")).atPriority(5)
        .withHeader("Authorization", equalTo("Bearer " + ADMIN_TOKEN))
        .withRequestBody(matching("\\{\"user_id\":\"[^\"]+\",(\"phone\":\"(\\+\\d{1,3} \\d{4,14})?\"|\"email\":\"[^\"]*\")\\}"))
        .willReturn(okJson("{}")));
  }

  /** CloudBase says {@code ownerId} owns the phone number or email. */
  protected void stubOwner(String field, String value, String ownerId) {
    stubOwner(field, value, new JsonObject().put("sub", ownerId).put(field, value));
  }

  /** CloudBase's user directory answers {@code owner} for the phone number or email. */
  protected void stubOwner(String field, String value, JsonObject owner) {
    this.upstreams.cloudBase().stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withQueryParam(field, equalTo(value))
        .willReturn(okJson(new JsonObject().put("total", 1).put("data", new JsonArray().add(owner)).encode())));
  }

  protected void stubSmsAccepted() {
    this.upstreams.sms().stubFor(post(urlEqualTo("/")).willReturn(okJson(
        "{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"5000:1\",\"PhoneNumber\":\"+8613800000000\",\"Fee\":1,\"Code\":\"Ok\",\"Message\":\"send success\",\"IsoCode\":\"CN\"}],\"RequestId\":\"req-1\"}}")));
  }

  /**
   * The value of one series in the Prometheus scrape of {@code /q/metrics}: its name, with its labels as Micrometer
   * writes them (sorted, e.g. {@code gateway_circuit_breaker_state{breaker="sms",state="open"}}) when it has any.
   */
  protected static double metric(String series) {
    return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(series + " not in /q/metrics"));
  }

  /** CloudBase answers the pass-through {@code GET /auth/v1/user/profile} {@code delayMs} late. */
  protected void slowProfile(int delayMs) {
    this.upstreams.cloudBase()
        .stubFor(get(urlEqualTo("/auth/v1/user/profile")).willReturn(okJson("{\"sub\":\"x\"}").withFixedDelay(delayMs)));
  }

  /** Waits (at most 5 s) until CloudBase has received {@code total} profile requests in this test, and no more. */
  protected void awaitProfileCalls(int total) throws InterruptedException {
    var deadline = System.nanoTime() + 5_000_000_000L;
    List<?> seen;
    do {
      Thread.sleep(20);
      seen = this.upstreams.cloudBase().findAll(getRequestedFor(urlEqualTo("/auth/v1/user/profile")));
    } while (seen.size() < total && System.nanoTime() < deadline);
    assertThat(seen).hasSize(total);
  }

  /**
   * {@code count} more requests held in flight until CloudBase answers them {@code delayMs} later (the pass-through
   * {@code GET /auth/v1/user/profile}, from {@code user} or without credentials); returns once CloudBase has them all.
   */
  protected List<CompletableFuture<HttpResponse<String>>> holdSlots(URI base, int count, User user, int delayMs)
      throws InterruptedException {
    slowProfile(delayMs);
    var before = this.upstreams.cloudBase().findAll(getRequestedFor(urlEqualTo("/auth/v1/user/profile"))).size();
    var client = HttpClient.newHttpClient();
    var held = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < count; i++) {
      var request = HttpRequest.newBuilder(base.resolve("/auth/v1/user/profile"));
      if (user != null) {
        request.header("Authorization", "Bearer " + user.accessToken());
      }
      held.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
    awaitProfileCalls(before + count);
    return held;
  }

  /** The web origin the test profile allows ({@code %test.quarkus.http.cors.origins}). */
  protected static final String ALLOWED_ORIGIN = "https://app.example.com";

  /**
   * A gateway refusal a page can read: {@code user}'s sudo request from {@link #ALLOWED_ORIGIN} is answered
   * {@code 503 unavailable} with {@code Retry-After: 1} and the CORS headers (origin, credentials, {@code retry-after}
   * exposed), its preflight is answered 200, and another origin gets no CORS headers. Returns the refusal for the
   * caller's own checks.
   */
  protected ValidatableResponse browserReadsRefusal(User user) {
    var refusal = as(user).header("Origin", ALLOWED_ORIGIN).body(new JsonObject().put("password", user.password()).encode())
        .post("/auth/v1/user/sudo")
        .then().statusCode(503).header("Retry-After", "1")
        .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
        .header("Access-Control-Allow-Credentials", "true")
        .header("Access-Control-Expose-Headers", Matchers.containsStringIgnoringCase("retry-after"))
        .body("error", Matchers.equalTo("unavailable"));
    // the preflight is answered before any gate (it costs no Redis or upstream call), so the browser sends the request
    given().header("Origin", ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
        .options("/auth/v1/user/sudo").then().statusCode(200).header("Access-Control-Allow-Origin", ALLOWED_ORIGIN);
    // another origin still gets no CORS headers
    as(user).header("Origin", "https://evil.example.net").body(new JsonObject().put("password", user.password()).encode())
        .post("/auth/v1/user/sudo").then().header("Access-Control-Allow-Origin", Matchers.nullValue());
    return refusal;
  }

  protected RequestSpecification as(User user) {
    return given().header("Authorization", "Bearer " + user.accessToken()).contentType(ContentType.JSON);
  }

  protected String sudo(User user) {
    return as(user).body(new JsonObject().put("password", user.password()).encode())
        .post("/auth/v1/user/sudo").then().statusCode(200).extract().path("sudo_token");
  }

  protected String sendCode(User user, String field, String value) {
    return as(user).body(new JsonObject().put(field, value).encode())
        .post("/auth/v1/verification").then().statusCode(200).extract().path("verification_id");
  }

  protected String verify(String verificationId, String code) {
    return given().contentType(ContentType.JSON)
        .body(new JsonObject().put("verification_id", verificationId).put("verification_code", code).encode())
        .post("/auth/v1/verification/verify").then().statusCode(200).extract().path("verification_token");
  }

  /** The code in the last SMS Tencent Cloud received for {@code e164}. */
  protected String lastSmsCode(String e164) {
    var requests = this.upstreams.sms().findAll(postRequestedFor(urlEqualTo("/")));
    for (int i = requests.size() - 1; i >= 0; i--) {
      var body = new JsonObject(requests.get(i).getBodyAsString());
      if (body.getJsonArray("PhoneNumberSet").contains(e164)) {
        return body.getJsonArray("TemplateParamSet").getString(0);
      }
    }
    throw new AssertionError("no SMS to " + e164);
  }

  /** The code in the last e-mail the SMTP server received for {@code address}. */
  protected String lastEmailCode(String address) {
    var messages = this.upstreams.smtp().getReceivedMessagesForDomain(address);
    if (messages.length == 0) {
      throw new AssertionError("no e-mail to " + address);
    }
    var text = GreenMailUtil.getBody(messages[messages.length - 1]);
    var matcher = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])").matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no code in the e-mail");
    }
    return matcher.group(1);
  }

  /** A verification token proving {@code phone} (CloudBase form) for {@code user}. */
  protected String provePhone(User user, String phone) {
    var id = sendCode(user, "phone_number", phone);
    return verify(id, lastSmsCode(phone.replace(" ", "")));
  }

  /**
   * Every key the gateway keeps in Redis, with its value(s) as text, each key followed by its values. {@code KEYS}, not
   * {@code SCAN}: on a Redis Cluster the client sends {@code KEYS} to every master and merges the replies, while a
   * {@code SCAN} cursor walks one node. The keys are read {@value #CONTENT_READERS} at a time (one by one, a cluster's
   * round trips made a snapshot take seconds).
   */
  protected List<String> redisContents() {
    var keys = this.redis.key().keys("*");
    return Multi.createFrom().iterable(keys).onItem().transformToUni(this::contentsOf).merge(CONTENT_READERS)
        .collect().in(ArrayList<String>::new, List::addAll).await().atMost(Duration.ofSeconds(60));
  }

  private Uni<List<String>> contentsOf(String key) {
    return this.reactiveRedis.key().type(key).chain(type -> switch (type) {
      case STRING -> this.reactiveRedis.value(String.class).get(key).map(value -> Arrays.asList(key, value));
      case HASH -> this.reactiveRedis.hash(String.class).hgetall(key).map(fields -> {
        List<String> lines = new ArrayList<>();
        lines.add(key);
        fields.forEach((field, value) -> lines.add(field + "=" + value));
        return lines;
      });
      default -> Uni.createFrom().item(List.of(key, type.name()));
    });
  }
}
