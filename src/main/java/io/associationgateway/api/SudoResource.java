package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.SudoService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Step 1 of the association workflow: re-authenticate for a sudo token. */
@Path("/auth/v1/user/sudo")
@Tag(name = "Sudo")
@SecurityRequirement(name = "bearer")
public class SudoResource {

  private final CallerService callers;
  private final SudoService sudo;
  private final JsonBodies bodies;
  private final ClientIp clients;

  public SudoResource(CallerService callers, SudoService sudo, JsonBodies bodies, ClientIp clients) {
    this.callers = callers;
    this.sudo = sudo;
    this.bodies = bodies;
    this.clients = clients;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "reauthenticate", summary = "Re-authenticate and get a sudo token", description = "With the account's password (checked by CloudBase) or a verification_token that proved the account's own "
      + "phone number or email. The sudo token lives 600 s and works only for this user.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = SudoRequest.class), examples = @ExampleObject(name = "password", value = "{\"password\": \"passwd\"}")))
  @APIResponse(responseCode = "200", description = "Sudo token issued", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = SudoResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body missing, malformed, or not exactly one of password and verification_token; "
      + "invalid_password (4005): wrong password; password_not_set (4006); invalid_grant (4001): verification_token invalid, expired, used, or not for the account's own contact", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "403", description = "user_blocked (4009): CloudBase has locked or blocked the account", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290): too many wrong passwords for this account (details.scope user) "
      + "or from this network (details.scope ip) in the window; the password was not tried. Retry-After says when to come back", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<SudoResponse> sudo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http,
      byte[] body) {
    var accessToken = CallerService.requireAccessToken(authorization);
    var request = this.bodies.read(body, SudoRequest.class);
    var byPassword = request.password() != null && !request.password().isEmpty();
    var byToken = request.verificationToken() != null && !request.verificationToken().isBlank();
    if (byPassword == byToken) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "give exactly one of password and verification_token");
    }
    var info = this.clients.describe(http);
    return this.callers.resolve(accessToken).chain(caller -> byPassword
        ? this.sudo.grantByPassword(caller, accessToken, request.password(), info)
        : this.sudo.grantByVerification(caller, request.verificationToken(), info))
        .map(grant -> new SudoResponse(grant.token(), grant.ttl().toSeconds()));
  }
}
