package io.associationgateway.api;

import io.associationgateway.domain.AuditEvent;
import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.api.ProviderRecords.TokenRequest;
import io.associationgateway.api.ProviderRecords.TokenResponse;
import io.associationgateway.flow.ProviderService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Signing in with WeChat for linking, relayed to CloudBase (which exchanges the code with the AppId/AppSecret of its
 * console): the authorize URL, then the code exchanged for CloudBase's provider token. The gateway adds the client-IP
 * limit and the audit events.
 */
@Path("/auth/v1/provider")
@Tag(name = "association")
public class ProviderResource {

  private final ProviderService providers;
  private final JsonBodies bodies;
  private final ClientIp clients;

  public ProviderResource(ProviderService providers, JsonBodies bodies, ClientIp clients) {
    this.providers = providers;
    this.bodies = bodies;
    this.clients = clients;
  }

  @GET
  @Path("/uri")
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "providerAuthorizeUri", summary = "Provider authorize URL (CloudBase's)",
      description = "Relayed to CloudBase with the client's headers (x-device-id is required by CloudBase); the answer is CloudBase's.")
  @APIResponse(responseCode = "200", description = "The URL to send the browser to",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ProviderRecords.UriResponse.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290): the client IP's check bucket (ip/cap), with Retry-After",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> uri(@Parameter(description = "e.g. wx_open") @QueryParam("provider_id") String providerId,
      @QueryParam("redirect_uri") String redirectUri, @QueryParam("state") String state, @Context HttpServerRequest http) {
    UserProviderResource.providerId(JsonBodies.required(providerId, "provider_id"));
    return this.providers.relayUnauthenticated(AuditEvent.PROVIDER_URI, CloudBaseRelay.json(http, null), this.clients.describe(http))
        .map(CloudBaseRelay::response);
  }

  @POST
  @Path("/token")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "grantProviderToken", summary = "Exchange a provider code for CloudBase's provider token",
      description = "Relayed to CloudBase, which exchanges the code with WeChat using the AppId/AppSecret configured in its console; "
          + "the gateway holds no AppSecret. The answer is CloudBase's.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenRequest.class)))
  @APIResponse(responseCode = "200", description = "Provider token issued by CloudBase",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(responseCode = "400", description = "CloudBase's refusal as it gave it, e.g. invalid_grant for a used or expired code",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290): the client IP's check bucket (ip/cap), with Retry-After",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> token(@Context HttpServerRequest http, byte[] body) {
    UserProviderResource.providerId(JsonBodies.required(this.bodies.read(body, TokenRequest.class).providerId(), "provider_id"));
    return this.providers.relayUnauthenticated(AuditEvent.PROVIDER_GRANT, CloudBaseRelay.json(http, body), this.clients.describe(http))
        .map(CloudBaseRelay::response);
  }
}
