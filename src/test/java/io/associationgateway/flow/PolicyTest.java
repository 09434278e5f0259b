package io.associationgateway.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.state.RedisKeys;
import io.associationgateway.support.GatewayTest;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/** The abuse limits at their default values, against a real Redis. */
@QuarkusTest
@TestProfile(PolicyTest.Defaults.class)
class PolicyTest extends GatewayTest {

  /** The production defaults of gateway.policy.*, which the main suite widens. */
  public static class Defaults implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.ofEntries(Map.entry("gateway.policy.resend-cooldown", "60s"), Map.entry("gateway.policy.sends-per-target-per-hour", "10"),
          Map.entry("gateway.policy.sms-per-user-per-day", "30"), Map.entry("gateway.policy.global-sms-per-hour", "1000"),
          Map.entry("gateway.policy.ip-send-burst", "20"), Map.entry("gateway.policy.ip-verify-burst", "30"),
          Map.entry("gateway.policy.conflict-resolutions", ""),
          Map.entry("gateway.policy.email-per-user-per-day", "30"), Map.entry("gateway.policy.global-email-per-hour", "2000"),
          Map.entry("gateway.policy.sudo-password-failures-per-user", "10"),
          Map.entry("gateway.policy.sudo-password-failures-per-ip", "30"),
          Map.entry("gateway.policy.provider-link-requires-sudo", "true"),
          Map.entry("gateway.provider.sandbox-tokens", "pt-sandbox-policy"));
    }
  }

  @TestHTTPResource("/")
  URI base;

  private static String randomIp() {
    var random = ThreadLocalRandom.current();
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }

  private static String randomPhone() {
    return "+86 139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
  }

  private RequestSpecification from(User user, String ip) {
    return as(user).header("X-Forwarded-For", ip);
  }

  private Response send(User user, String ip, String phone) {
    return from(user, ip).body(new JsonObject().put("phone_number", phone).encode()).post("/auth/v1/verification");
  }

  private Response check(String ip, String id, String code) {
    return given().header("X-Forwarded-For", ip).body(new JsonObject().put("verification_id", id).put("verification_code", code).encode())
        .post("/auth/v1/verification/verify");
  }

  private void letCooldownPass(String phone) {
    this.redis.key().del(RedisKeys.cooldown(new ContactTarget(Channel.PHONE, phone)));
  }

  @Test
  void resendCooldownIs60SecondsPerAddressWithAStructuredAnswer() {
    var user = newUser();
    var phone = randomPhone();
    send(user, randomIp(), phone).then().statusCode(200);
    send(user, randomIp(), phone).then().statusCode(429)
        .header("Retry-After", Matchers.matchesPattern("[1-9][0-9]?"))
        .body("error", equalTo("resource_exhausted")).body("error_code", equalTo(4290))
        .body("details.scope", equalTo("target")).body("details.kind", equalTo("cooldown"))
        .body("details.retry_after_s", greaterThan(50)).body("details.retry_after_s", lessThanOrEqualTo(60));
    this.upstreams.sms().verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void tenCodesPerAddressPerHour() {
    var user = newUser();
    var phone = randomPhone();
    for (int i = 0; i < 10; i++) {
      send(user, randomIp(), phone).then().statusCode(200);
      letCooldownPass(phone);
    }
    send(user, randomIp(), phone).then().statusCode(429).body("details.scope", equalTo("target")).body("details.kind", equalTo("cap"))
        .body("details.retry_after_s", greaterThan(3500));
    this.upstreams.sms().verify(10, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void thirtySmsPerUserPerDay() {
    var user = newUser();
    for (int i = 0; i < 30; i++) {
      send(user, randomIp(), randomPhone()).then().statusCode(200);
    }
    send(user, randomIp(), randomPhone()).then().statusCode(429).body("details.scope", equalTo("user")).body("details.kind", equalTo("cap"))
        .body("details.retry_after_s", greaterThan(86_000));
    as(user).header("X-Forwarded-For", randomIp()).body("{\"email\":\"still-fine@example.com\"}").post("/auth/v1/verification").then()
        .statusCode(200);
  }

  @Test
  void aSendRefusedByABudgetGivesBackWhatItCountedAndKeepsTheLiveCode() {
    var user = newUser();
    var phone = randomPhone();
    var target = new ContactTarget(Channel.PHONE, phone);
    var first = send(user, randomIp(), phone).then().statusCode(200).extract().<String>path("verification_id");
    var code = lastSmsCode(phone.replace(" ", ""));
    letCooldownPass(phone);
    this.redis.value(String.class).set(RedisKeys.userSms(user.id()), "30", new SetArgs().px(Duration.ofHours(1)));
    var globalBefore = this.redis.value(String.class).get(RedisKeys.globalSms());

    send(user, randomIp(), phone).then().statusCode(429).body("details.scope", equalTo("user"));

    assertThat(this.redis.value(String.class).get(RedisKeys.sends(target))).isEqualTo("1");
    assertThat(this.redis.key().exists(RedisKeys.cooldown(target))).isFalse();
    assertThat(this.redis.value(String.class).get(RedisKeys.globalSms())).isEqualTo(globalBefore);
    this.upstreams.sms().verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing(phone.replace(" ", ""))));
    check(randomIp(), first, code).then().statusCode(200).body("verification_token", Matchers.startsWith("gwt_"));
  }

  @Test
  void clientIpTokenBucketAndForwardedForOnlyFromTrustedProxies() {
    var user = newUser();
    var ip = randomIp();
    for (int i = 0; i < 20; i++) {
      send(newUser(), ip, randomPhone()).then().statusCode(200);
    }
    send(user, ip, randomPhone()).then().statusCode(429).body("details.scope", equalTo("ip")).body("details.kind", equalTo("cap"))
        .body("details.retry_after_s", lessThanOrEqualTo(6));
    send(user, randomIp(), randomPhone()).then().statusCode(200);
  }

  @Test
  void globalSmsBudgetTripsAndRaisesTheAlertMetric() {
    var user = newUser();
    this.redis.value(String.class).set("gw:gsms", "1000", new SetArgs().px(Duration.ofMinutes(30)));
    try {
      send(user, randomIp(), randomPhone()).then().statusCode(429).body("details.scope", equalTo("global")).body("details.kind",
          equalTo("cap"));
      as(user).header("X-Forwarded-For", randomIp()).body("{\"email\":\"mail-still-works@example.com\"}").post("/auth/v1/verification")
          .then().statusCode(200);
      this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
      var metrics = metrics();
      assertThat(metrics).containsPattern("gateway_sms_budget_exhausted_total(\\{[^}]*\\})? [1-9]");
    } finally {
      this.redis.key().del("gw:gsms");
    }
  }

  @Test
  void transfersAreRefusedUnlessEnabled() {
    var user = newUser();
    var phone = randomPhone();
    var id = send(user, randomIp(), phone).then().statusCode(200).extract().<String>path("verification_id");
    var token = check(randomIp(), id, lastSmsCode(phone.replace(" ", ""))).then().statusCode(200).extract()
        .<String>path("verification_token");
    as(user).body(new JsonObject().put("sudo_token", sudo(user)).put("phone_number", phone).put("verification_token", token)
        .put("conflict_resolution", "TRANSFER").encode()).patch("/auth/v1/user/contact")
        .then().statusCode(400).body("error", equalTo("invalid_argument"))
        .body("error_description", Matchers.containsString("not enabled"));
    this.upstreams.cloudBase().verify(0, postRequestedFor(urlEqualTo("/auth/v1/user/basic/edit")));
  }

  @Test
  void smsOnlyToAllowedCountries() {
    var user = newUser();
    from(user, randomIp()).body("{\"phone_number\":\"+852 5123 4567\"}").post("/auth/v1/verification")
        .then().statusCode(400).body("error", equalTo("invalid_argument"));
    this.upstreams.sms().verify(0, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void wrongCodeSaysHowManyAttemptsAreLeftAndANewCodeDoesNotResetTheAddressCount() {
    var user = newUser();
    var phone = randomPhone();
    var first = send(user, randomIp(), phone).then().statusCode(200).extract().<String>path("verification_id");
    var wrong = lastSmsCode(phone.replace(" ", "")).equals("000000") ? "111111" : "000000";
    for (int left = 4; left >= 2; left--) {
      check(randomIp(), first, wrong).then().statusCode(400).body("error", equalTo("invalid_verification_code"))
          .body("details.attempts_left", equalTo(left)).body("details.scope", equalTo("target"));
    }
    letCooldownPass(phone);
    var second = send(user, randomIp(), phone).then().statusCode(200).extract().<String>path("verification_id");
    check(randomIp(), first, lastSmsCode(phone.replace(" ", ""))).then().statusCode(404);
    assertThat(this.redis.value(String.class).get(RedisKeys.failures(new ContactTarget(Channel.PHONE, phone)))).isEqualTo("3");
    check(randomIp(), second, lastSmsCode(phone.replace(" ", ""))).then().statusCode(200);
    assertThat(this.redis.key().exists(RedisKeys.failures(new ContactTarget(Channel.PHONE, phone)))).isFalse();
  }

  @Test
  void aThousandGuessAttackOnOneAddressStopsAtTheCap() {
    var attacker = newUser();
    var phone = randomPhone();
    var wrongAnswers = 0;
    var lockouts = 0;
    String id = null;
    for (int guess = 0; guess < 1000; guess++) {
      if (id == null) {
        letCooldownPass(phone);
        this.redis.key().del(RedisKeys.sends(new ContactTarget(Channel.PHONE, phone)));
        var sent = send(attacker, randomIp(), phone);
        if (sent.statusCode() == 429) {
          sent.then().body("details.kind", equalTo("lockout")).body("details.scope", equalTo("target"));
          lockouts++;
          continue;
        }
        id = sent.then().statusCode(200).extract().path("verification_id");
      }
      var answer = check(randomIp(), id, String.format("%06d", 100_000 + guess));
      switch (answer.statusCode()) {
        case 400 -> wrongAnswers++;
        case 429 -> {
          answer.then().body("details.kind", Matchers.oneOf("lockout", "cap"));
          lockouts++;
          id = null;
        }
        case 200 -> throw new AssertionError("a guess matched");
        default -> id = null;
      }
      if (answer.statusCode() == 400 && answer.jsonPath().getInt("details.attempts_left") == 0) {
        id = null;
      }
    }
    assertThat(wrongAnswers).isEqualTo(100);
    assertThat(lockouts).isGreaterThan(800);
    assertThat(this.redis.key().pttl(RedisKeys.failures(new ContactTarget(Channel.PHONE, phone)))).isGreaterThan(86_000_000L);
    send(attacker, randomIp(), phone).then().statusCode(429).body("details.kind", equalTo("lockout"));
    this.upstreams.sms().verify(20, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void fiftyParallelSendsToOneAddressSendOneSms() throws Exception {
    var user = newUser();
    var phone = randomPhone();
    var client = HttpClient.newHttpClient();
    var futures = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 50; i++) {
      var request = HttpRequest.newBuilder(this.base.resolve("/auth/v1/verification"))
          .header("Authorization", "Bearer " + user.accessToken()).header("X-Forwarded-For", randomIp())
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("phone_number", phone).encode())).build();
      futures.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    var ok = new AtomicInteger();
    var cooling = new AtomicInteger();
    for (var future : futures) {
      var response = future.get();
      if (response.statusCode() == 200) {
        ok.incrementAndGet();
      } else if (response.statusCode() == 429
          && new JsonObject(response.body()).getJsonObject("details").getString("kind").equals("cooldown")) {
        cooling.incrementAndGet();
      }
    }
    assertThat(ok.get()).isEqualTo(1);
    assertThat(cooling.get()).isEqualTo(49);
    this.upstreams.sms().verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void sendingNeverLooksAtWhoOwnsTheAddressAndTakesAsLongEitherWay() {
    var user = newUser();
    var owned = new ArrayList<Long>();
    var free = new ArrayList<Long>();
    for (int i = 0; i < 120; i++) {
      var phone = randomPhone();
      var isOwned = i % 2 == 0;
      if (isOwned) {
        stubOwner("phone_number", phone, "someone-else");
      }
      var started = System.nanoTime();
      send(user, randomIp(), phone).then().statusCode(200).body("is_user", equalTo(false));
      (isOwned ? owned : free).add(System.nanoTime() - started);
      this.redis.key().del("gw:usms:" + user.id());
    }
    this.upstreams.cloudBase().verify(0, anyRequestedFor(urlPathEqualTo("/auth/v1/user/query")));
    var ownedMedian = median(owned.subList(20, owned.size()));
    var freeMedian = median(free.subList(20, free.size()));
    assertThat((double) ownedMedian / freeMedian).as("median send time owned %d ns vs free %d ns", ownedMedian, freeMedian).isBetween(0.6,
        1.6);
  }

  private static long median(List<Long> samples) {
    var sorted = new ArrayList<>(samples);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  // ---- e-mail bombing ----

  private Response sendEmail(User user, String ip, String email) {
    return from(user, ip).body(new JsonObject().put("email", email).encode()).post("/auth/v1/verification");
  }

  @Test
  void plusTagsAndGmailDotsShareOneMailboxsLimits() throws Exception {
    var user = newUser();
    var box = "inbox" + ThreadLocalRandom.current().nextInt(1_000_000);
    sendEmail(user, randomIp(), box + "+1@example.com").then().statusCode(200);
    sendEmail(user, randomIp(), box + "+2@example.com").then().statusCode(429).body("details.scope", equalTo("target"))
        .body("details.kind", equalTo("cooldown"));
    sendEmail(user, randomIp(), box + "@example.com").then().statusCode(429).body("details.kind", equalTo("cooldown"));
    // the code went to the address as typed, not to its mailbox form
    var messages = this.upstreams.smtp().getReceivedMessagesForDomain(box + "+1@example.com");
    assertThat(messages).hasSize(1);
    assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo(box + "+1@example.com");

    var gmail = "some.one" + ThreadLocalRandom.current().nextInt(1_000_000);
    sendEmail(user, randomIp(), gmail + "@gmail.com").then().statusCode(200);
    sendEmail(user, randomIp(), gmail.replace(".", "") + "+x@googlemail.com").then().statusCode(429).body("details.kind",
        equalTo("cooldown"));
    sendEmail(user, randomIp(), "S.o.m.e." + gmail.substring(5) + "@Gmail.com").then().statusCode(429).body("details.kind",
        equalTo("cooldown"));
    // dots count only at Gmail
    sendEmail(user, randomIp(), "a.b" + box + "@example.com").then().statusCode(200);
    sendEmail(user, randomIp(), "ab" + box + "@example.com").then().statusCode(200);
  }

  @Test
  void aPercentInTheLocalPartIsRefused() {
    sendEmail(newUser(), randomIp(), "victim%relay.example.net@example.com").then().statusCode(400)
        .body("error", equalTo("invalid_argument")).body("error_code", equalTo(4000));
    assertThat(this.upstreams.smtp().getReceivedMessages()).noneMatch(message -> {
      try {
        return message.getAllRecipients()[0].toString().contains("%");
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void thirtyEmailsPerUserPerDay() {
    var user = newUser();
    for (int i = 0; i < 30; i++) {
      sendEmail(user, randomIp(), "cap" + i + "-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com").then().statusCode(200);
    }
    sendEmail(user, randomIp(), "one-more@example.com").then().statusCode(429).body("details.scope", equalTo("user"))
        .body("details.kind", equalTo("cap")).body("details.retry_after_s", greaterThan(86_000));
    send(user, randomIp(), randomPhone()).then().statusCode(200);
    this.upstreams.smtp().reset();
  }

  @Test
  void globalEmailBudgetTripsAndRaisesTheAlertMetric() {
    var user = newUser();
    this.redis.value(String.class).set(RedisKeys.globalEmail(), "2000", new SetArgs().px(Duration.ofMinutes(30)));
    try {
      sendEmail(user, randomIp(), "budget-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com").then().statusCode(429)
          .body("details.scope", equalTo("global")).body("details.kind", equalTo("cap"));
      send(user, randomIp(), randomPhone()).then().statusCode(200);
      assertThat(this.upstreams.smtp().getReceivedMessages()).isEmpty();
      assertThat(metrics()).containsPattern("gateway_email_budget_exhausted_total(\\{[^}]*\\})? [1-9]");
    } finally {
      this.redis.key().del(RedisKeys.globalEmail());
    }
  }

  @Test
  void ipv6ClientsShareOneIpBucketPer64() {
    // one send first, so a freshly started gateway's first CloudBase call (slow under load) is not among the counted ones
    send(newUser(), randomIp(), randomPhone());
    var prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":7:";
    for (int i = 1; i <= 20; i++) {
      send(newUser(), prefix + ":" + Integer.toHexString(i), randomPhone()).then().statusCode(200);
    }
    send(newUser(), prefix + "abcd:1:2:3", randomPhone()).then().statusCode(429).body("details.scope", equalTo("ip"))
        .body("details.kind", equalTo("cap"));
    send(newUser(), prefix.replace(":7:", ":8:") + ":1", randomPhone()).then().statusCode(200);
  }

  // ---- unauthenticated linking rounds ----

  private Response authorizeUri(String ip, String redirectUri) {
    return given().header("X-Forwarded-For", ip).header("x-device-id", "device-policy").queryParam("provider_id", "wx_open")
        .queryParam("redirect_uri", redirectUri).get("/auth/v1/provider/uri");
  }

  @Test
  void providerUriTakesFromTheClientIpsCheckBucketWhetherOrNotItsRedirectIsAllowed() {
    this.upstreams.cloudBase().stubFor(WireMock.get(urlPathEqualTo("/auth/v1/provider/uri"))
        .willReturn(WireMock.okJson("{\"uri\":\"https://open.weixin.qq.com/connect/qrconnect?appid=wx\"}")));
    // one round first, from elsewhere, so a freshly started gateway's first CloudBase call (slow under load) is not counted
    authorizeUri(randomIp(), "https://app.example.com/cb");
    var ip = randomIp();
    for (int i = 0; i < 15; i++) {
      authorizeUri(ip, "https://app.example.com/cb").then().statusCode(200);
    }
    // refused redirect URIs count too: the bucket (30, one more every 2 s) runs dry after about 15 more
    var admitted = 15;
    Response answer;
    while ((answer = authorizeUri(ip, "https://attacker.example.net/cb")).statusCode() == 400 && admitted < 45) {
      admitted++;
    }
    answer.then().statusCode(429).body("error", equalTo("resource_exhausted")).body("details.scope", equalTo("ip"))
        .body("details.kind", equalTo("cap"));
    assertThat(admitted).isBetween(30, 40);
    // another client is not affected
    authorizeUri(randomIp(), "https://app.example.com/cb").then().statusCode(200);
  }

  // ---- password guessing on sudo ----

  private Response sudoWith(User user, String ip, String password) {
    return from(user, ip).body(new JsonObject().put("password", password).encode()).post("/auth/v1/user/sudo");
  }

  @Test
  void sudoPasswordGuessesStopAtTheUsersBudgetBeforeCloudBaseIsAsked() {
    // one password check first, so a freshly started gateway's first CloudBase call is not among the counted ones
    var warm = newUser();
    sudoWith(warm, randomIp(), warm.password());
    var user = newUser();
    for (int i = 0; i < 10; i++) {
      sudoWith(user, randomIp(), "wrong-" + i).then().statusCode(400).body("error", equalTo("invalid_password"));
    }
    // even the right password is not tried once the budget is spent
    sudoWith(user, randomIp(), user.password()).then().statusCode(429).header("Retry-After", Matchers.notNullValue())
        .body("error", equalTo("resource_exhausted")).body("details.scope", equalTo("user")).body("details.kind", equalTo("cap"))
        .body("details.retry_after_s", greaterThan(800));
    this.upstreams.cloudBase().verify(10, postRequestedFor(urlEqualTo("/auth/v1/user/sudo"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken())));
    // another user is not affected
    var other = newUser();
    sudoWith(other, randomIp(), other.password()).then().statusCode(200);
  }

  @Test
  void sudoPasswordGuessesStopAtTheIpsBudget() {
    var ip = randomIp();
    var users = List.of(newUser(), newUser(), newUser(), newUser());
    for (int i = 0; i < 30; i++) {
      sudoWith(users.get(i % 4), ip, "wrong-" + i).then().statusCode(400).body("error", equalTo("invalid_password"));
    }
    sudoWith(users.get(2), ip, users.get(2).password()).then().statusCode(429).body("details.scope", equalTo("ip"))
        .body("details.kind", equalTo("cap"));
    // right passwords do not count, and other networks are not affected
    sudoWith(users.get(2), randomIp(), users.get(2).password()).then().statusCode(200);
    sudoWith(users.get(2), randomIp(), users.get(2).password()).then().statusCode(200);
  }

  private String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  @Test
  void linkingAndUnlinkingAProviderNeedTheCallersOwnSudoGrant() {
    var bind = "/auth/v1/user/provider/bind";
    var unlink = "/auth/v1/user/provider/wx_open";
    var user = newUser();
    var other = newUser();
    var cloudBase = this.upstreams.cloudBase();
    cloudBase.stubFor(WireMock.post(urlEqualTo(bind)).willReturn(WireMock.okJson("{}")));
    var token = new JsonObject().put("provider_token", "pt-sandbox-policy");
    // an access token alone links nothing
    as(user).body(token.encode()).post(bind).then().statusCode(403).body("error", equalTo("permission_denied"));
    as(user).body(token.copy().put("sudo_token", sudo(other)).encode()).post(bind).then().statusCode(400).body("error",
        equalTo("invalid_grant"));
    as(user).body(token.copy().put("sudo_token", "gws_made-up").encode()).post(bind).then().statusCode(400).body("error",
        equalTo("invalid_grant"));
    cloudBase.verify(0, postRequestedFor(urlEqualTo(bind)));
    as(user).body(token.copy().put("sudo_token", sudo(user)).encode()).post(bind).then().statusCode(200);
    // CloudBase gets the bind without the gateway's sudo token
    cloudBase.verify(1, postRequestedFor(urlEqualTo(bind)).withRequestBody(WireMock.equalToJson(token.encode())));

    var profile = new JsonObject().put("sub", user.id()).put("has_password", true);
    cloudBase.stubFor(WireMock.get(urlEqualTo("/auth/v1/user/me"))
        .withHeader("Authorization", WireMock.equalTo("Bearer " + user.accessToken()))
        .willReturn(WireMock.okJson(profile.encode())));
    cloudBase.stubFor(WireMock.get(urlEqualTo("/auth/v1/user/provider"))
        .willReturn(WireMock.okJson("{\"total\":1,\"data\":[{\"id\":\"wx_open\",\"name\":\"WeChat\",\"bind\":true}]}")));
    cloudBase.stubFor(WireMock.delete(WireMock.urlPathEqualTo(unlink))
        .willReturn(WireMock.okJson("{}")));
    as(user).delete(unlink).then().statusCode(403).body("error", equalTo("permission_denied"));
    cloudBase.verify(0, WireMock.deleteRequestedFor(WireMock.urlPathEqualTo(unlink)));
    as(user).queryParam("sudo_token", sudo(user)).delete(unlink).then().statusCode(200);
    cloudBase.verify(1, WireMock.deleteRequestedFor(urlEqualTo(unlink)));
  }
}
