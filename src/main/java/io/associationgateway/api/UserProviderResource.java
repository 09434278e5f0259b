package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.ProviderIdentity;
import io.associationgateway.api.ProviderRecords.BindRequest;
import io.associationgateway.api.ProviderRecords.Linked;
import io.associationgateway.api.ProviderRecords.ProvidersResponse;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.ProviderService;
import io.associationgateway.upstream.cloudbase.CloudBaseClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** The signed-in user's provider links: bind with a provider token, list, unlink. */
@Path("/auth/v1/user/provider")
@Tag(name = "association")
@SecurityRequirement(name = "bearer")
public class UserProviderResource {

  private final CallerService callers;
  private final ProviderService providers;
  private final CloudBaseClient cloudBase;
  private final JsonBodies bodies;
  private final ClientIp clients;
  private final Idempotency idempotency;

  public UserProviderResource(CallerService callers, ProviderService providers, CloudBaseClient cloudBase, JsonBodies bodies, ClientIp clients,
      Idempotency idempotency) {
    this.callers = callers;
    this.providers = providers;
    this.cloudBase = cloudBase;
    this.bodies = bodies;
    this.clients = clients;
    this.idempotency = idempotency;
  }

  @POST
  @Path("/bind")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "bindProvider", summary = "Link the WeChat identity behind a provider token to the signed-in user",
      description = "Already this user's: success (a new app's openid is recorded on the same link, matched by unionid). "
          + "Another user's: already_exists and nothing changes. Tokens the gateway did not issue go to CloudBase unchanged.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = BindRequest.class)))
  @APIResponse(responseCode = "200", description = "Linked; the body is an empty object",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body malformed or provider_token missing; "
      + "invalid_grant (4001): provider_token invalid, expired or already used",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "409", description = "already_exists (4090): this WeChat identity is linked to another account",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> bind(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(description = "Makes retries safe: the same key and body within 24 h get the first answer, with no second write")
      @HeaderParam(Idempotency.HEADER) String idempotencyKey, @Context HttpServerRequest http, byte[] body) {
    var accessToken = CallerService.requireAccessToken(authorization);
    var request = this.bodies.read(body, BindRequest.class);
    var providerToken = JsonBodies.required(request.providerToken(), "provider_token");
    if (!this.providers.issued(providerToken)) {
      return this.cloudBase.forward(http, body);
    }
    var info = this.clients.describe(http);
    return this.callers.resolve(accessToken).chain(caller -> this.idempotency.run("bind-provider", caller.userId(), idempotencyKey, body,
        () -> this.providers.bind(caller, providerToken, info).replaceWith(() -> Response.ok(Map.of()).build())));
  }

  @GET
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "listProviders", summary = "The signed-in user's linked providers", description = "Read fresh from CloudBase; subjects are masked.")
  @APIResponse(responseCode = "200", description = "Linked providers",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ProvidersResponse.class)))
  public Uni<ProvidersResponse> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return this.providers.profile(CallerService.requireAccessToken(authorization)).map(profile -> {
      var linked = profile.providers().stream().map(provider -> new Linked(provider.id(), displayName(provider.id(), provider.name()),
          provider.nickname(), true, provider.linkedAt(), ProviderIdentity.mask(provider.subject()))).toList();
      return new ProvidersResponse(linked.size(), linked);
    });
  }

  @DELETE
  @Path("/{provider_id}")
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "unbindProvider", summary = "Unlink a provider", description = "Refused when it is the account's last way to sign in (no password, phone "
      + "number, email or other provider). Providers the gateway does not link go to CloudBase unchanged.")
  @APIResponse(responseCode = "200", description = "Unlinked; the body is an empty object",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "failed_precondition (4010): it is the last way to sign in",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "404", description = "provider_not_found (4041): no such link on this account",
      content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> unbind(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("provider_id") String providerId,
      @Context HttpServerRequest http) {
    var accessToken = CallerService.requireAccessToken(authorization);
    if (!this.providers.handles(providerId)) {
      return this.cloudBase.forward(http, null);
    }
    return this.providers.unbind(accessToken, providerId, this.clients.describe(http))
        .call(() -> this.callers.forget(accessToken)).replaceWith(() -> Response.ok(Map.of()).build());
  }

  private static String displayName(String id, String name) {
    return id.startsWith("wx_") ? "WeChat" : name;
  }
}
