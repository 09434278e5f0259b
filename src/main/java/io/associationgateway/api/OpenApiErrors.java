package io.associationgateway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds the error answers every gateway endpoint shares, so each resource documents only its own, gives every error
 * answer its own example body ({@link OpenApiExamples}), and lists the paths in the order the flows run.
 */
public class OpenApiErrors implements OASFilter {

  /** The paths in the order a client calls them: sign in, sudo, code, verify, bind; WeChat; providers. */
  static final List<String> FLOW_ORDER = List.of("/auth/v1/signin", "/auth/v1/user/sudo", "/auth/v1/verification",
      "/auth/v1/verification/verify", "/auth/v1/user/contact", "/auth/v1/provider/uri", "/auth/v1/provider/token",
      "/auth/v1/user/provider/bind", "/auth/v1/user/provider", "/auth/v1/user/provider/{provider_id}");

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    var items = new LinkedHashMap<>(openAPI.getPaths().getPathItems());
    var ordered = OASFactory.createPaths();
    FLOW_ORDER.stream().filter(items::containsKey).forEach(path -> ordered.addPathItem(path, items.remove(path)));
    items.forEach(ordered::addPathItem);
    openAPI.setPaths(ordered);
  }

  @Override
  public Operation filterOperation(Operation operation) {
    if (operation.getResponses() == null) {
      return operation;
    }
    if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
      add(operation, "401", "unauthenticated (4003): no bearer access token, or CloudBase does not accept it. The SDK signs the user out.");
    }
    if (operation.getParameters() != null && operation.getParameters().stream().anyMatch(p -> Idempotency.HEADER.equals(p.getName()))) {
      add(operation, "422", "invalid_argument (4220): this Idempotency-Key was used with a different request body");
      var inProgress = "aborted (4091): a request with this Idempotency-Key is still running; retry after Retry-After";
      var conflict = operation.getResponses().getAPIResponse("409");
      if (conflict != null) {
        conflict.setDescription(conflict.getDescription() + "; " + inProgress);
      } else {
        add(operation, "409", inProgress);
      }
    }
    add(operation, "408", "deadline_exceeded (4080): the request body did not arrive in full within gateway.http.body-timeout;"
        + " the connection is closed");
    add(operation, "413", "invalid_argument (4130): request body larger than gateway.cloudbase.max-body-bytes");
    var perIp = "resource_exhausted (4290): this client IP already has gateway.overload.max-in-flight-per-ip requests running"
        + " (details.scope ip, details.kind cap, Retry-After: 1; nothing was read)";
    var throttled = operation.getResponses().getAPIResponse("429");
    if (throttled != null) {
      throttled.setDescription(throttled.getDescription() + "; or " + perIp);
    } else {
      add(operation, "429", perIp);
    }
    add(operation, "502", "unavailable (5020): an upstream (CloudBase, SMS, SMTP, WeChat) gave a broken or unexpected answer or reset"
        + " the connection; no token was spent");
    add(operation, "503", "unavailable (5030): an upstream or Redis is unreachable or says it is unavailable, or the upstream's circuit"
        + " breaker is open (details.scope upstream, details.kind circuit_open, Retry-After; no call was made), or this replica is at"
        + " gateway.overload.max-in-flight requests (details.scope gateway, details.kind overloaded, Retry-After: 1; nothing was read;"
        + " callers it has not answered with a 2xx within gateway.overload.flow-window are refused first, from"
        + " gateway.overload.reserve-percent below that number); no token was spent");
    add(operation, "504", "deadline_exceeded (5040): an upstream did not answer completely in time; no token was spent");
    operation.getResponses().getAPIResponses().forEach((status, response) -> example(operation.getOperationId(), status, response));
    var byStatus = OASFactory.createAPIResponses();
    new TreeMap<>(operation.getResponses().getAPIResponses()).forEach(byStatus::addAPIResponse);
    operation.setResponses(byStatus);
    return operation;
  }

  private static void example(String operationId, String status, APIResponse response) {
    var body = OpenApiExamples.of(operationId, status);
    var json = response.getContent() == null ? null : response.getContent().getMediaType("application/json");
    if (body == null || json == null || (json.getExamples() != null && !json.getExamples().isEmpty())) {
      return;
    }
    json.addExample(String.valueOf(body.get("error")), OASFactory.createExample().value(body));
  }

  private static void add(Operation operation, String status, String description) {
    if (operation.getResponses().hasAPIResponse(status)) {
      return;
    }
    var schema = OASFactory.createSchema().ref("Error");
    var content = OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType().schema(schema));
    APIResponse response = OASFactory.createAPIResponse().description(description).content((Content) content);
    operation.getResponses().addAPIResponse(status, response);
  }
}
