package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.api.ProviderRecords.BindRequest;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.ProviderService;
import io.associationgateway.upstream.cloudbase.RelayedRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The signed-in user's provider links, recorded by CloudBase: bind with CloudBase's provider token, unlink unless it is
 * the last way to sign in. The list ({@code GET /auth/v1/user/provider}) is CloudBase's and passes through.
 */
@Path("/auth/v1/user/provider")
@SecurityRequirement(name = "bearer")
public class UserProviderResource {

  private final CallerService callers;
  private final ProviderService providers;
  private final JsonBodies bodies;
  private final ClientIp clients;
  private final Idempotency idempotency;

  public UserProviderResource(CallerService callers, ProviderService providers, JsonBodies bodies, ClientIp clients,
      Idempotency idempotency) {
    this.callers = callers;
    this.providers = providers;
    this.bodies = bodies;
    this.clients = clients;
    this.idempotency = idempotency;
  }

  @POST
  @Path("/bind")
  @Tag(name = "WeChat")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "bindProvider", summary = "Link the identity behind CloudBase's provider token to the signed-in user", description = "Relayed to CloudBase with the user's own token, so CloudBase records the link and its own provider sign-in "
      + "(POST /auth/v1/signin/with/provider) reaches this account afterwards.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = BindRequest.class)))
  @APIResponse(responseCode = "200", description = "Linked; the body is CloudBase's (an empty object)", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body malformed or provider_token missing; "
      + "CloudBase's invalid_grant when the provider token is invalid, expired or used", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "403", description = "permission_denied (4008): the provider token did not come from a linking round "
      + "(provider/uri, then provider/token with its state) that this user, or the device this request comes from, started; CloudBase not called", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "409", description = "already_exists (4090): CloudBase says this identity is linked to another account", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> bind(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(description = "Makes retries safe: the same key and body within 24 h get the first answer, with no second call") @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @Context HttpServerRequest http, byte[] body) {
    var accessToken = CallerService.requireAccessToken(authorization);
    var providerToken = JsonBodies.required(this.bodies.read(body, BindRequest.class).providerToken(), "provider_token");
    var info = this.clients.describe(http);
    var sudoToken = sudoToken(http, body);
    var relayed = withoutSudoToken(CloudBaseRelay.json(http, stripSudoToken(body)));
    var deviceId = http.getHeader("x-device-id");
    return this.callers.resolve(accessToken).chain(caller -> this.idempotency.run("bind-provider", caller.userId(), idempotencyKey, body,
        () -> this.providers.bind(caller, deviceId, providerToken, sudoToken, relayed, info).call(() -> this.callers.forget(accessToken))
            .map(CloudBaseRelay::response)));
  }

  @DELETE
  @Path("/{provider_id}")
  @Tag(name = "Providers")
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "unbindProvider", summary = "Unlink a provider", description = "Refused when it is the account's last way to sign in "
      + "(no password, phone number, email or other provider, as CloudBase reports them); otherwise relayed to CloudBase.")
  @APIResponse(responseCode = "200", description = "Unlinked; the body is CloudBase's (an empty object)", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "failed_precondition (4010): it is the last way to sign in", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "404", description = "CloudBase's provider_not_found: no such link on this account", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> unbind(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("provider_id") String providerId,
      @Context HttpServerRequest http) {
    var accessToken = CallerService.requireAccessToken(authorization);
    providerId(providerId);
    return this.providers
        .unbind(accessToken, providerId, sudoToken(http, null), withoutSudoToken(CloudBaseRelay.json(http, null)),
            this.clients.describe(http))
        .call(() -> this.callers.forget(accessToken)).map(CloudBaseRelay::response);
  }

  /** The gateway's sudo token: the bind body's {@code sudo_token} field, else the {@code sudo_token} query parameter. */
  private static String sudoToken(HttpServerRequest http, byte[] body) {
    if (body != null && body.length > 0) {
      try {
        var value = new JsonObject(new String(body, StandardCharsets.UTF_8)).getValue("sudo_token");
        if (value instanceof String text) {
          return text;
        }
      } catch (RuntimeException notAnObject) {
        // read as the bind request already: a malformed body was refused before
      }
    }
    return http.getParam("sudo_token");
  }

  /** The bind body without the gateway's sudo token (it is no CloudBase field). */
  private static byte[] stripSudoToken(byte[] body) {
    try {
      var json = new JsonObject(new String(body, StandardCharsets.UTF_8));
      if (json.remove("sudo_token") == null) {
        return body;
      }
      return json.encode().getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException notAnObject) {
      return body;
    }
  }

  /** The relayed request without a {@code sudo_token} query parameter. */
  private static RelayedRequest withoutSudoToken(RelayedRequest relayed) {
    var uri = relayed.uri();
    var mark = uri.indexOf('?');
    if (mark < 0 || !uri.contains("sudo_token=")) {
      return relayed;
    }
    var kept = new StringJoiner("&");
    for (var part : uri.substring(mark + 1).split("&")) {
      if (!part.startsWith("sudo_token=")) {
        kept.add(part);
      }
    }
    var path = uri.substring(0, mark) + (kept.length() == 0 ? "" : "?" + kept);
    return new RelayedRequest(relayed.method(), path, relayed.headers(), relayed.body());
  }

  private static final Pattern PROVIDER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** A provider id as CloudBase names them ({@code wx_open}, {@code github}, …), or {@code 400 invalid_argument}. */
  static String providerId(String value) {
    if (value == null || !PROVIDER_ID.matcher(value).matches()) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "provider_id must be 1 to 64 letters, digits, '_', '-' or '.'");
    }
    return value;
  }
}
