package io.associationgateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

import io.associationgateway.support.TcbStandIn;
import io.associationgateway.support.UpstreamsResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The packaged production build in the prod profile against a CloudBase stand-in that implements only the documented
 * contract (WireMock with strict request matching; no emulator), once per user directory: its start logs no WARN or
 * ERROR line and serves no Swagger UI, a phone and an e-mail bind end in
 * exactly one documented write, a taken phone answers 409 with nothing written, a WeChat bind ends in CloudBase's
 * {@code user/provider/bind} after which provider sign-in reaches the same user, and a password change with the
 * gateway's sudo token reaches CloudBase with CloudBase's own.
 */
class CloudBaseContractIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String SERVER_TOKEN = "it-server-token-from-client-credentials";
  private static final String DEVICE = "it-device-0123456789abcdef";
  private static final Set<String> WARN_OR_WORSE = Set.of("WARN", "WARNING", "ERROR", "SEVERE", "FATAL");

  /** The gateway under test, the upstream stand-ins, and the signed-in user whose contacts are bound. */
  private String base;
  private ProdUpstreams upstreams;
  private GreenMail smtp;
  /** The tcb directory's stand-in, or null for the http directory. */
  private TcbStandIn tcb;
  private ProdUpstreams.User user;
  private String sudo;

  @ParameterizedTest
  @ValueSource(strings = {"http", "tcb"})
  void documentedCallsOnly(String directory) throws Exception {
    // the prod startup check refuses localhost/127.0.0.1 as the SMTP server, so the stand-in listens on another loopback address
    smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.2", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (var redis = AofRedis.start(); var stands = new ProdUpstreams()) {
      upstreams = stands;
      standInForTheDirectory(directory);
      try (var app = PackagedApp.startProduction(completeConfiguration(directory, redis))) {
        assertThat(app.awaitReady(Duration.ofSeconds(60))).as("ready:\n%s", app.output()).isTrue();
        base = app.url();
        theStartLogsNoWarningAndSwaggerUiIsOff(app);
        user = upstreams.newUser();
        sudo = json(call("POST", "/auth/v1/user/sudo", "{\"password\":\"" + user.password() + "\"}", 200)).getString("sudo_token");
        aPhoneAndAnEmailAreBound();
        aTakenPhoneAnswers409();
        onlyTheDocumentedWritesReachedTheDirectory();
        aWeChatBindIsCloudBasesAndProviderSignInThenReachesTheSameUser();
        cloudBasesOwnSudoGuardedCallGetsCloudBasesSudoToken();
        theAuditLinesNameTheRequestAndLeaveOutThePodsConstants(app);
      }
    } finally {
      smtp.stop();
    }
  }

  /**
   * The production log's audit lines (one per step) carry the request id in the message and the MDC, and leave out the
   * keys that are the same on every line of a pod or always empty (README, "Logs").
   */
  private static void theAuditLinesNameTheRequestAndLeaveOutThePodsConstants(PackagedApp app) throws Exception {
    var audit = app.output().lines().filter(line -> line.startsWith("{")).map(JsonObject::new)
        .filter(entry -> "io.associationgateway.audit".equals(entry.getString("loggerName"))).toList();
    assertThat(audit).as("audit lines of the flows").hasSizeGreaterThanOrEqualTo(4).allSatisfy(entry -> {
      assertThat(entry.fieldNames()).contains("timestamp", "sequence", "level", "loggerName", "message", "threadName", "mdc", "hostName")
          .doesNotContain("loggerClassName", "ndc", "processName", "processId", "threadId");
      var requestId = entry.getJsonObject("mdc").getString("request_id");
      assertThat(requestId).isNotBlank();
      assertThat(entry.getString("message")).startsWith("event=").endsWith(" request=" + requestId);
    });
  }

  /** CloudBase stubbed as documented: the tcb directory's management API, or the http directory's user endpoints. */
  private void standInForTheDirectory(String directory) {
    upstreams.cloudBase.resetAll();
    if (!directory.equals("tcb")) {
      stubHttpDirectory(upstreams);
      return;
    }
    tcb = new TcbStandIn(upstreams.cloudBase, "it-env");
    tcb.stub("DescribeUserList", params -> true, new JsonObject().put("Total", 0).put("UserList", new JsonArray()));
    tcb.stub("DescribeUserList", params -> "13900000091".equals(params.getString("Phone")), new JsonObject().put("Total", 1)
        .put("UserList", new JsonArray().add(new JsonObject().put("Uid", "owner-91").put("Phone", "13900000091"))));
    tcb.stub("ModifyUser", params -> true, new JsonObject().put("Success", true));
  }

  /** The production configuration with the directory's credentials and a reachable SMTP server. */
  private List<String> completeConfiguration(String directory, AofRedis redis) {
    var config = new ArrayList<>(upstreams.gatewayConfig(redis.hosts()).stream()
        .filter(option -> !option.startsWith("-Dgateway.cloudbase.api-key") && !option.startsWith("-Dgateway.cloudbase.directory")
            && !option.startsWith("-Dquarkus.log.console.json"))
        .toList());
    config.addAll(List.of("-Dgateway.cloudbase.directory=" + directory,
        "-Dgateway.cloudbase.secret-id=" + UpstreamsResource.CLOUDBASE_SECRET_ID,
        "-Dgateway.cloudbase.secret-key=" + UpstreamsResource.CLOUDBASE_SECRET_KEY,
        "-Dgateway.cloudbase.tcb-endpoint=" + upstreams.cloudBase.baseUrl() + TcbStandIn.PATH,
        "-Dquarkus.mailer.host=127.0.0.2", "-Dquarkus.mailer.port=" + smtp.getSmtp().getPort(),
        "-Dquarkus.mailer.from=no-reply@gateway.test",
        "-Dquarkus.mailer.tls=false", "-Dquarkus.mailer.start-tls=DISABLED"));
    return config;
  }

  /**
   * A clean production start (the production build, complete configuration, its JSON log) logs no WARN or ERROR line;
   * Swagger UI is off in prod while the OpenAPI document stays served on the API port, as the README says.
   */
  private void theStartLogsNoWarningAndSwaggerUiIsOff(PackagedApp app) throws Exception {
    var lines = app.output().lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).as("the production log is JSON lines").isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{"));
    assertThat(lines.stream().map(JsonObject::new).filter(entry -> WARN_OR_WORSE.contains(entry.getString("level")))
        .map(entry -> entry.getString("level") + " " + entry.getString("loggerName") + ": " + entry.getString("message")).toList())
        .as("WARN and ERROR lines of a clean production start").isEmpty();
    for (var path : List.of("/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/index.html")) {
      assertThat(plainGet(path).statusCode()).as("GET %s in prod", path).isEqualTo(404);
    }
    var openapi = plainGet("/q/openapi");
    assertThat(openapi.statusCode()).as("GET /q/openapi in prod").isEqualTo(200);
    assertThat(openapi.body()).startsWith("---\nopenapi: 3").contains("title: Association Gateway");
  }

  private HttpResponse<String> plainGet(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A phone, then an e-mail (its code read from the mail the SMTP stand-in received): each bind answers 200. */
  private void aPhoneAndAnEmailAreBound() throws Exception {
    var phoneToken = prove("+86 13800000090");
    call("PATCH", "/auth/v1/user/contact", bindBody("phone_number", "+86 13800000090", phoneToken), 200);
    var id = json(call("POST", "/auth/v1/verification", "{\"email\":\"contract@example.com\"}", 200)).getString("verification_id");
    var code = lastCode(GreenMailUtil.getBody(smtp.getReceivedMessagesForDomain("contract@example.com")[0]));
    var mailToken = json(call("POST", "/auth/v1/verification/verify", null,
        "{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + code + "\"}", 200)).getString("verification_token");
    call("PATCH", "/auth/v1/user/contact", bindBody("email", "contract@example.com", mailToken), 200);
  }

  private void aTakenPhoneAnswers409() throws Exception {
    if (tcb == null) {
      upstreams.cloudBase.stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withHeader("Authorization", equalTo("Bearer " + SERVER_TOKEN))
          .withQueryParam("phone_number", equalTo("+86 13900000091"))
          .willReturn(okJson("{\"total\":1,\"data\":[{\"sub\":\"owner-91\",\"phone_number\":\"+86 13900000091\"}]}")));
    }
    var takenToken = prove("+86 13900000091");
    call("PATCH", "/auth/v1/user/contact", bindBody("phone_number", "+86 13900000091", takenToken), 409);
  }

  /** Exactly one documented write per bind (none for the taken phone), through the directory's own API. */
  private void onlyTheDocumentedWritesReachedTheDirectory() {
    var cloudBase = upstreams.cloudBase;
    if (tcb != null) {
      assertThat(tcb.calls("ModifyUser")).containsExactly(
          new JsonObject().put("Phone", "13800000090").put("Uid", user.id()).put("EnvId", "it-env"),
          new JsonObject().put("Email", "contract@example.com").put("Uid", user.id()).put("EnvId", "it-env"));
      assertThat(cloudBase.findAll(postRequestedFor(urlEqualTo(ProdUpstreams.EDIT)))).isEmpty();
    } else {
      assertThat(cloudBase.findAll(postRequestedFor(urlEqualTo(ProdUpstreams.EDIT))).stream()
          .map(r -> new JsonObject(r.getBodyAsString())).toList())
          .containsExactly(new JsonObject().put("user_id", user.id()).put("phone", "+86 13800000090"),
              new JsonObject().put("user_id", user.id()).put("email", "contract@example.com"));
      cloudBase.verify(1, postRequestedFor(urlEqualTo("/auth/v1/token/clientCredential")));
    }
  }

  /**
   * WeChat: the linking round's authorize URL (with the gateway's state bound to this user and device), CloudBase's
   * provider token, CloudBase's bind, then CloudBase's provider sign-in reaches the same user.
   */
  private void aWeChatBindIsCloudBasesAndProviderSignInThenReachesTheSameUser() throws Exception {
    stubProviderFlow(upstreams, user);
    call("GET", "/auth/v1/provider/uri?provider_id=wx_open&redirect_uri=https%3A%2F%2Fapp%2Fcb", null, 200);
    var providerToken = json(call("POST", "/auth/v1/provider/token", null,
        "{\"provider_id\":\"wx_open\",\"provider_code\":\"wx-code-1\",\"provider_redirect_uri\":\"https://app/cb\"}", 200))
        .getString("provider_token");
    call("POST", "/auth/v1/user/provider/bind", "{\"provider_token\":\"" + providerToken + "\"}", 200);
    upstreams.cloudBase.verify(1, postRequestedFor(urlEqualTo("/auth/v1/user/provider/bind")).withHeader("Authorization",
        equalTo("Bearer " + user.accessToken())));
    var again = json(call("POST", "/auth/v1/provider/token", null,
        "{\"provider_id\":\"wx_open\",\"provider_code\":\"wx-code-2\",\"provider_redirect_uri\":\"https://app/cb\"}", 200))
        .getString("provider_token");
    var signedIn = json(call("POST", "/auth/v1/signin/with/provider", null, "{\"provider_token\":\"" + again + "\"}", 200));
    assertThat(signedIn.getString("sub")).isEqualTo(user.id());
  }

  /** A password change with the gateway's sudo token reaches CloudBase with CloudBase's own sudo token. */
  private void cloudBasesOwnSudoGuardedCallGetsCloudBasesSudoToken() throws Exception {
    upstreams.cloudBase.stubFor(patch(urlEqualTo("/auth/v1/user/password"))
        .withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson("{\"new_password\":\"n3w\",\"sudo_token\":\"cloudbase-own-sudo-token\"}"))
        .willReturn(okJson("{}")));
    call("PATCH", "/auth/v1/user/password", "{\"new_password\":\"n3w\",\"sudo_token\":\"" + sudo + "\"}", 200);
    upstreams.cloudBase.verify(1, patchRequestedFor(urlEqualTo("/auth/v1/user/password")));
  }

  /** The http directory as documented: client credentials with Basic base64(SecretId:SecretKey), then basic/edit. */
  private static void stubHttpDirectory(ProdUpstreams upstreams) {
    var basic = Base64.getEncoder().encodeToString((UpstreamsResource.CLOUDBASE_SECRET_ID + ":" + UpstreamsResource.CLOUDBASE_SECRET_KEY)
        .getBytes(StandardCharsets.UTF_8));
    upstreams.cloudBase.stubFor(post(urlEqualTo("/auth/v1/token/clientCredential")).withHeader("Authorization", equalTo("Basic " + basic))
        .withRequestBody(equalToJson("{\"grant_type\":\"client_credentials\"}"))
        .willReturn(okJson("{\"token_type\":\"Bearer\",\"access_token\":\"" + SERVER_TOKEN + "\",\"expires_in\":432000}")));
    upstreams.cloudBase.stubFor(get(urlPathEqualTo("/auth/v1/user/query")).withHeader("Authorization", equalTo("Bearer " + SERVER_TOKEN))
        .willReturn(okJson("{\"total\":0,\"data\":[]}")));
    upstreams.cloudBase.stubFor(post(urlEqualTo(ProdUpstreams.EDIT)).withHeader("Authorization", equalTo("Bearer " + SERVER_TOKEN))
        .withRequestBody(matching("\\{\"user_id\":\"[^\"]+\",(\"phone\":\"\\+\\d{1,3} \\d{4,14}\"|\"email\":\"[^\"]+\")\\}"))
        .willReturn(okJson("{}")));
  }

  /** CloudBase's provider flow: tokens for two codes of one WeChat user; sign-in finds the user only after the bind. */
  private static void stubProviderFlow(ProdUpstreams upstreams, ProdUpstreams.User user) {
    var cloudBase = upstreams.cloudBase;
    cloudBase.stubFor(get(urlPathEqualTo("/auth/v1/provider/uri")).withHeader("x-device-id", equalTo(DEVICE))
        .withQueryParam("provider_id", equalTo("wx_open")).withQueryParam("redirect_uri", equalTo("https://app/cb"))
        .willReturn(okJson("{\"uri\":\"https://open.weixin.qq.com/connect/qrconnect?appid=wxit#wechat_redirect\"}")));
    for (var n : List.of("1", "2")) {
      cloudBase.stubFor(post(urlPathEqualTo("/auth/v1/provider/token")).withHeader("x-device-id", equalTo(DEVICE))
          .withRequestBody(equalToJson(
              "{\"provider_id\":\"wx_open\",\"provider_code\":\"wx-code-" + n + "\",\"provider_redirect_uri\":\"https://app/cb\"}"))
          .willReturn(okJson("{\"provider_token\":\"cb-pt-" + n
              + "\",\"expires_in\":3600,\"provider_profile\":{\"provider_id\":\"wx_open\",\"sub\":\"union-1\"}}")));
    }
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/user/provider/bind")).inScenario("wechat").whenScenarioStateIs(Scenario.STARTED)
        .withHeader("Authorization", equalTo("Bearer " + user.accessToken()))
        .withRequestBody(equalToJson("{\"provider_token\":\"cb-pt-1\"}"))
        .willReturn(okJson("{}")).willSetStateTo("bound"));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/signin/with/provider")).inScenario("wechat").whenScenarioStateIs("bound")
        .withRequestBody(equalToJson("{\"provider_token\":\"cb-pt-2\"}"))
        .willReturn(
            okJson("{\"token_type\":\"Bearer\",\"access_token\":\"at-after-wechat\",\"expires_in\":7200,\"sub\":\"" + user.id() + "\"}")));
    cloudBase.stubFor(post(urlEqualTo("/auth/v1/signin/with/provider")).inScenario("wechat").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("{\"error\":\"user_not_found\"}")));
  }

  private String prove(String phone) throws Exception {
    var id = json(call("POST", "/auth/v1/verification", "{\"phone_number\":\"" + phone + "\"}", 200)).getString("verification_id");
    return json(call("POST", "/auth/v1/verification/verify", null,
        "{\"verification_id\":\"" + id + "\",\"verification_code\":\"" + upstreams.lastCode(phone.replace(" ", "")) + "\"}", 200))
        .getString("verification_token");
  }

  private String bindBody(String field, String value, String token) {
    return new JsonObject().put("sudo_token", sudo).put(field, value).put("verification_token", token).encode();
  }

  /** A call as the signed-in user. */
  private String call(String method, String path, String body, int expected) throws Exception {
    return call(method, path, user, body, expected);
  }

  /** A call as {@code caller}, or without a bearer when it is null. */
  private String call(String method, String path, ProdUpstreams.User caller, String body, int expected) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).header("x-device-id", DEVICE)
        .header("Content-Type", "text/plain;charset=UTF-8")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (caller != null) {
      request.header("Authorization", "Bearer " + caller.accessToken());
    }
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
    return response.body();
  }

  private static JsonObject json(String body) {
    return new JsonObject(body);
  }

  private static String lastCode(String text) {
    var matcher = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])").matcher(text);
    assertThat(matcher.find()).as("a code in the e-mail").isTrue();
    return matcher.group(1);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
