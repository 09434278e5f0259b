package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import io.associationgateway.config.ProviderConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.ProviderService;
import io.associationgateway.upstream.cloudbase.RelayedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Signing in with WeChat for linking, relayed to CloudBase (which exchanges the code with the AppId/AppSecret of its
 * console): the authorize URL, then the code exchanged for CloudBase's provider token. The gateway adds the client-IP
 * limit and the audit events.
 */
@Path("/auth/v1/provider")
@Tag(name = "WeChat")
public class ProviderResource {

  private final ProviderService providers;
  private final JsonBodies bodies;
  private final ClientIp clients;
  private final CallerService callers;
  private final ProviderConfig config;

  public ProviderResource(ProviderService providers, JsonBodies bodies, ClientIp clients, CallerService callers, ProviderConfig config) {
    this.providers = providers;
    this.bodies = bodies;
    this.clients = clients;
    this.callers = callers;
    this.config = config;
  }

  @GET
  @Path("/uri")
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "providerAuthorizeUri", summary = "Provider authorize URL (CloudBase's)", description = "redirect_uri must be one of gateway.provider.redirect-uris. The gateway mints the OAuth state (single use, "
      + "10 min) for the signed-in user (with a bearer token) or else the x-device-id, and CloudBase gets it instead of any "
      + "state the client sent. Then relayed to CloudBase with the client's headers; the answer is CloudBase's.")
  @APIResponse(responseCode = "200", description = "The URL to send the browser to", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ProviderRecords.UriResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): provider_id malformed, redirect_uri missing, too long "
      + "or not allowed, state or x-device-id missing or too long; nothing is stored and CloudBase is not called", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290): the client IP's check bucket (ip/cap), with Retry-After", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> uri(@Parameter(description = "e.g. wx_open") @QueryParam("provider_id") String providerId,
      @QueryParam("redirect_uri") String redirectUri, @QueryParam("state") String state,
      @HeaderParam("Authorization") String authorization, @Context HttpServerRequest http) {
    UserProviderResource.providerId(JsonBodies.required(providerId, "provider_id"));
    JsonBodies.required(redirectUri, "redirect_uri");
    if (redirectUri.length() > this.config.maxRedirectUriLength()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT,
          "redirect_uri is longer than " + this.config.maxRedirectUriLength() + " characters");
    }
    if (state != null && state.length() > this.config.maxStateLength()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "state is longer than " + this.config.maxStateLength() + " characters");
    }
    var deviceId = deviceId(http);
    var info = this.clients.describe(http);
    return owner(authorization, deviceId).chain(owner -> {
      if (!this.providers.redirectAllowed(redirectUri)) {
        // counted against the IP like any round, but nothing is stored and CloudBase is not asked
        return this.providers.refuseRedirect(info);
      }
      return this.providers.authorizeUri(owner, deviceId, redirectUri, minted -> withState(http, minted), info);
    }).map(CloudBaseRelay::response);
  }

  /** The user of a bearer token ({@code u:<id>}), or else the device ({@code d:<x-device-id>}). */
  private Uni<String> owner(String authorization, String deviceId) {
    if (authorization == null || authorization.isBlank()) {
      return Uni.createFrom().item("d:" + deviceId);
    }
    return this.callers.resolve(CallerService.requireAccessToken(authorization)).map(caller -> "u:" + caller.userId());
  }

  /** The caller's user (when a bearer token comes along) and device, either of which may own a round. */
  private Uni<Set<String>> owners(String authorization, String deviceId) {
    if (authorization == null || authorization.isBlank()) {
      return Uni.createFrom().item(Set.of("d:" + deviceId));
    }
    return this.callers.resolve(CallerService.requireAccessToken(authorization)).map(caller -> {
      var owners = new HashSet<String>();
      owners.add("d:" + deviceId);
      owners.add("u:" + caller.userId());
      return owners;
    });
  }

  /** The {@code x-device-id}, or {@code null} when it is missing or unusable. */
  static String optionalDeviceId(HttpServerRequest http) {
    var deviceId = http.getHeader("x-device-id");
    return deviceId == null || deviceId.isBlank() || deviceId.length() > 128 ? null : deviceId;
  }

  static String deviceId(HttpServerRequest http) {
    var deviceId = http.getHeader("x-device-id");
    if (deviceId == null || deviceId.isBlank() || deviceId.length() > 128) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "x-device-id is required (at most 128 characters)");
    }
    return deviceId;
  }

  /** The client's request with the gateway's state in place of any the client sent. */
  private static RelayedRequest withState(HttpServerRequest http, String state) {
    var relayed = CloudBaseRelay.json(http, null);
    var query = new StringBuilder();
    http.params().forEach(param -> {
      if (!"state".equals(param.getKey())) {
        query.append(query.length() == 0 ? "" : "&").append(encode(param.getKey())).append('=').append(encode(param.getValue()));
      }
    });
    query.append(query.length() == 0 ? "" : "&").append("state=").append(encode(state));
    return new RelayedRequest(relayed.method(), http.path() + "?" + query, relayed.headers(), relayed.body());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @POST
  @Path("/token")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "grantProviderToken", summary = "Exchange a provider code for CloudBase's provider token", description = "Relayed to CloudBase, which exchanges the code with WeChat using the AppId/AppSecret configured in its console; "
      + "the gateway holds no AppSecret. The answer is CloudBase's.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenRequest.class)))
  @APIResponse(responseCode = "200", description = "Provider token issued by CloudBase", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_grant (4001): the state is unknown, used, expired, or another user's, "
      + "device's or redirect URI's (CloudBase not called); or CloudBase's refusal as it gave it, e.g. invalid_grant for a used or expired code", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290): the client IP's check bucket (ip/cap), with Retry-After", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> token(@HeaderParam("Authorization") String authorization, @Context HttpServerRequest http, byte[] body) {
    var request = this.bodies.read(body, TokenRequest.class);
    UserProviderResource.providerId(JsonBodies.required(request.providerId(), "provider_id"));
    var info = this.clients.describe(http);
    if (request.state() == null) {
      // the official SDK sends no state: the round is the latest one this device started, if it sends its x-device-id
      var device = optionalDeviceId(http);
      var relayed = CloudBaseRelay.json(http, body);
      if (device == null) {
        return this.providers.grantToken(Set.of(), null, null, relayed, info).map(CloudBaseRelay::response);
      }
      return owners(authorization, device)
          .chain(owners -> this.providers.grantTokenOfDevice(owners, device, request.providerRedirectUri(), relayed, info))
          .map(CloudBaseRelay::response);
    }
    if (request.state().length() > this.config.maxStateLength()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "state is longer than " + this.config.maxStateLength() + " characters");
    }
    var deviceId = deviceId(http);
    // CloudBase's token call has no state: it stays with the gateway
    var json = new JsonObject(new String(body, StandardCharsets.UTF_8));
    json.remove("state");
    var relayed = CloudBaseRelay.json(http, json.encode().getBytes(StandardCharsets.UTF_8));
    return owners(authorization, deviceId)
        .chain(owners -> this.providers.grantToken(owners, request.state(), request.providerRedirectUri(), relayed, info))
        .map(CloudBaseRelay::response);
  }
}
