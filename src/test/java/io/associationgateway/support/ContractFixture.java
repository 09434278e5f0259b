package io.associationgateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.vertx.core.json.JsonObject;

/**
 * One documented CloudBase or {@code tcb} call, from {@code src/test/resources/contract/<name>.json}: the page it
 * comes from ({@code doc}), the request the gateway must make (method, path with query, the headers that matter, the
 * JSON body; {@code ${name}} placeholders filled per test) and the documented example answer. The stand-in answers
 * only that exact request, so a request that differs in any field is met by the stand-in's refusal, not by the answer.
 */
public record ContractFixture(String call, String doc, JsonObject request, JsonObject answer) {

  /** Loads a fixture and fills its placeholders. */
  public static ContractFixture load(String name, Map<String, String> values) {
    try (var in = ContractFixture.class.getResourceAsStream("/contract/" + name + ".json")) {
      var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (var entry : values.entrySet()) {
        text = text.replace("${" + entry.getKey() + "}", entry.getValue());
      }
      var json = new JsonObject(text);
      return new ContractFixture(json.getString("call"), json.getString("doc"), json.getJsonObject("request"),
          json.getJsonObject("answer"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stubs the documented answer for exactly the documented HTTP request (highest priority). */
  public void stub(WireMockServer server) {
    MappingBuilder mapping = WireMock.request(this.request.getString("method"), urlEqualTo(this.request.getString("path"))).atPriority(1);
    this.request.getJsonObject("headers", new JsonObject())
        .forEach(header -> mapping.withHeader(header.getKey(), equalTo((String) header.getValue())));
    if (this.request.containsKey("body")) {
      mapping.withRequestBody(equalToJson(this.request.getJsonObject("body").encode()));
    }
    server
        .stubFor(mapping.willReturn(aResponse().withStatus(this.answer.getInteger("status")).withHeader("Content-Type", "application/json")
            .withBody(this.answer.getJsonObject("body").encode())));
  }

  /** The documented HTTP request, to count how often the gateway made it. */
  public RequestPatternBuilder requested() {
    var pattern = requestedFor(this.request.getString("method"), urlEqualTo(this.request.getString("path")));
    this.request.getJsonObject("headers", new JsonObject())
        .forEach(header -> pattern.withHeader(header.getKey(), equalTo((String) header.getValue())));
    if (this.request.containsKey("body")) {
      pattern.withRequestBody(equalToJson(this.request.getJsonObject("body").encode()));
    }
    return pattern;
  }

  /** Stubs a {@code tcb} fixture on the stand-in: its documented answer for exactly the documented parameters. */
  public void stub(TcbStandIn tcb) {
    var expected = this.request.getJsonObject("body");
    tcb.stub(this.request.getString("action"), expected::equals, this.answer.getJsonObject("Data"));
  }

  /** How often the gateway made the documented {@code tcb} call, with exactly the documented parameters. */
  public long made(TcbStandIn tcb) {
    return tcb.calls(this.request.getString("action")).stream().filter(this.request.getJsonObject("body")::equals).count();
  }

  /** The documented answer body. */
  public JsonObject answerBody() {
    return this.answer.getJsonObject("body", this.answer);
  }
}
