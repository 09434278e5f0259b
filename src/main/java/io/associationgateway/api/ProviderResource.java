package io.associationgateway.api;

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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.api.ProviderRecords.Profile;
import io.associationgateway.api.ProviderRecords.TokenRequest;
import io.associationgateway.api.ProviderRecords.TokenResponse;
import io.associationgateway.flow.ProviderService;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** WeChat sign-in for linking: the authorize URL, then the code exchanged for a provider token. Other providers are CloudBase's. */
@Path("/auth/v1/provider")
@Tag(name = "association")
public class ProviderResource {

  private final ProviderService providers;
  private final CloudBaseClient cloudBase;
  private final JsonBodies bodies;
  private final ClientIp clients;

  public ProviderResource(ProviderService providers, CloudBaseClient cloudBase, JsonBodies bodies, ClientIp clients) {
    this.providers = providers;
    this.cloudBase = cloudBase;
    this.bodies = bodies;
    this.clients = clients;
  }

  @GET
  @Path("/uri")
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "providerAuthorizeUri", summary = "WeChat authorize URL", description = "wx_open: QR connect page; an official-account app (kind mp): the in-WeChat "
      + "OAuth page. The state is kept for 10 minutes, single use. Other provider ids go to CloudBase unchanged.")
  @APIResponse(responseCode = "200", description = "The URL to send the browser to",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ProviderRecords.UriResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): provider_id, redirect_uri or state missing",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> uri(@QueryParam("provider_id") String providerId, @QueryParam("redirect_uri") String redirectUri,
      @QueryParam("provider_redirect_uri") String legacyRedirectUri, @QueryParam("state") String state, @QueryParam("scope") String scope,
      @Context HttpServerRequest http) {
    if (!this.providers.handles(JsonBodies.required(providerId, "provider_id"))) {
      return this.cloudBase.forward(http, null);
    }
    var redirect = JsonBodies.required(redirectUri != null ? redirectUri : legacyRedirectUri, "redirect_uri");
    return this.providers.authorizeUri(providerId, redirect, JsonBodies.required(state, "state"), scope)
        .map(uri -> Response.ok(new ProviderRecords.UriResponse(uri)).build());
  }

  @POST
  @Path("/token")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "grantProviderToken", summary = "Exchange a WeChat code for a provider token",
      description = "The gateway calls WeChat (sns/oauth2/access_token, then sns/userinfo when the scope allows) and keeps the identity "
          + "for 10 minutes under a single-use provider token. The app secret never leaves the gateway.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenRequest.class)))
  @APIResponse(responseCode = "200", description = "Provider token issued",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body malformed, provider_code missing (WeChat 41008); "
      + "invalid_grant (4001): code invalid (40029), used (40163) or expired (42003), or state unknown, used or mismatched",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> token(@Context HttpServerRequest http, byte[] body) {
    var request = this.bodies.read(body, TokenRequest.class);
    if (!this.providers.handles(JsonBodies.required(request.providerId(), "provider_id"))) {
      return this.cloudBase.forward(http, body);
    }
    var code = JsonBodies.required(request.providerCode(), "provider_code");
    return this.providers.grant(request.providerId(), code, request.providerRedirectUri(), request.state(), this.clients.describe(http))
        .map(issued -> Response.ok(new TokenResponse(issued.token(), issued.ttl().toSeconds(), new Profile(issued.identity().providerId(),
            issued.identity().key(), issued.identity().nickname(), issued.identity().avatar()))).build());
  }
}
