package io.associationgateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.requestMatching;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;

import io.associationgateway.upstream.tencent.Tc3Signer;
import io.vertx.core.json.JsonObject;

/**
 * Tencent Cloud API 3.0 {@code tcb} (version 2018-06-08) on WireMock, no more lenient than documented: a request
 * matches only when it is a JSON POST to the endpoint with {@code X-TC-Action}, {@code X-TC-Version: 2018-06-08}, a
 * fresh {@code X-TC-Timestamp}, a TC3-HMAC-SHA256 signature for service {@code tcb} made with the test key pair, the
 * test {@code EnvId} and only the parameters the action documents (cloud.tencent.com/document/api/876/127958, 127959,
 * 127960). Anything else gets the service's error answer ({@code AuthFailure.SignatureFailure} or {@code UnknownParameter}).
 */
public final class TcbStandIn {

  public static final String PATH = "/tcb/";

  /** The parameters each action documents. */
  static final Map<String, Set<String>> PARAMETERS = Map.of(
      "DescribeUserList", Set.of("EnvId", "PageNo", "PageSize", "Name", "NickName", "Phone", "Email"),
      "ModifyUser",
      Set.of("EnvId", "Uid", "Name", "Type", "Password", "UserStatus", "NickName", "Phone", "Email", "AvatarUrl", "Description"),
      "DeleteUsers", Set.of("EnvId", "Uids"));

  private final WireMockServer server;
  private final String envId;
  private final Tc3Signer signer = new Tc3Signer(UpstreamsResource.CLOUDBASE_SECRET_ID, UpstreamsResource.CLOUDBASE_SECRET_KEY);

  public TcbStandIn(WireMockServer server, String envId) {
    this.server = server;
    this.envId = envId;
    server.stubFor(requestMatching(request -> MatchResult.of(request.getUrl().equals(PATH))).atPriority(20)
        .willReturn(error("AuthFailure.SignatureFailure", "the request is not signed or formed as documented")));
  }

  /** Answers {@code data} to a documented, signed {@code action} whose parameters satisfy {@code params}. */
  public void stub(String action, Predicate<JsonObject> params, JsonObject data) {
    this.server.stubFor(requestMatching(matcher(action, params)).atPriority(5)
        .willReturn(
            okJson(new JsonObject().put("Response", new JsonObject().put("Data", data).put("RequestId", "req-" + action)).encode())));
  }

  /** Answers Tencent Cloud's error {@code code} to a documented, signed {@code action} whose parameters satisfy {@code params}. */
  public void stubError(String action, Predicate<JsonObject> params, String code) {
    this.server.stubFor(requestMatching(matcher(action, params)).atPriority(4).willReturn(error(code, "refused by the stand-in")));
  }

  /** The parameters of every well-formed, signed {@code action} call received, in order. */
  public List<JsonObject> calls(String action) {
    return this.server.findAll(RequestPatternBuilder.forCustomMatcher(matcher(action, params -> true))).stream()
        .map(request -> new JsonObject(request.getBodyAsString())).toList();
  }

  /** Every well-formed, signed call received, in order, as {@code Action {params}}. */
  public List<String> sequence() {
    ValueMatcher<Request> any = request -> MatchResult.of(PARAMETERS.keySet().stream().anyMatch(action -> wellFormed(request, action)));
    return this.server.findAll(RequestPatternBuilder.forCustomMatcher(any)).stream()
        .map(request -> request.getHeader("X-TC-Action") + " " + new JsonObject(request.getBodyAsString()).encode()).toList();
  }

  private ValueMatcher<Request> matcher(String action, Predicate<JsonObject> params) {
    return request -> MatchResult.of(wellFormed(request, action) && params.test(new JsonObject(request.getBodyAsString())));
  }

  private boolean wellFormed(Request request, String action) {
    if (!request.getUrl().equals(PATH) || !"POST".equals(request.getMethod().getName())
        || !action.equals(request.getHeader("X-TC-Action")) || !"2018-06-08".equals(request.getHeader("X-TC-Version"))
        || !Tc3Signer.CONTENT_TYPE.equalsIgnoreCase(request.getHeader("Content-Type"))) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(request.getHeader("X-TC-Timestamp"));
    } catch (RuntimeException missing) {
      return false;
    }
    if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 600) {
      return false;
    }
    var body = request.getBodyAsString();
    var expected = this.signer.authorization("tcb", request.getHeader("Host"), Tc3Signer.CONTENT_TYPE, body, timestamp);
    if (!expected.equals(request.getHeader("Authorization"))) {
      return false;
    }
    JsonObject params;
    try {
      params = new JsonObject(body);
    } catch (RuntimeException notJson) {
      return false;
    }
    return this.envId.equals(params.getString("EnvId")) && PARAMETERS.get(action).containsAll(params.fieldNames());
  }

  private static ResponseDefinitionBuilder error(String code, String message) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(new JsonObject().put("Response",
        new JsonObject().put("Error", new JsonObject().put("Code", code).put("Message", message)).put("RequestId", "req-error")).encode());
  }
}
