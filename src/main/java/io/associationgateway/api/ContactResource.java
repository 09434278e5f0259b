package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.flow.BindingService;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.ContactNormalizer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/** Step 4 of the association workflow: bind the proved phone number or email. */
@Path("/auth/v1/user/contact")
@Tag(name = "Bind")
@SecurityRequirement(name = "bearer")
public class ContactResource {

  private final CallerService callers;
  private final BindingService binding;
  private final ContactNormalizer normalizer;
  private final JsonBodies bodies;
  private final ClientIp clients;
  private final Idempotency idempotency;

  public ContactResource(CallerService callers, BindingService binding, ContactNormalizer normalizer, JsonBodies bodies, ClientIp clients,
      Idempotency idempotency) {
    this.callers = callers;
    this.binding = binding;
    this.normalizer = normalizer;
    this.bodies = bodies;
    this.clients = clients;
    this.idempotency = idempotency;
  }

  @PATCH
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "bindContact", summary = "Bind a phone number or email to the signed-in user", description = "Needs the caller's sudo_token and a verification_token for exactly this address. The verification token is "
      + "spent only when the bind happens; on any refusal or upstream failure it stays usable. Afterwards a notice (no code) goes "
      + "to the replaced address and the account's other channel; after a transfer also to the other account.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ContactRequest.class), examples = @ExampleObject(name = "phone", value = "{\"sudo_token\": \"gws_...\", \"phone_number\": \"+86 13800000000\", \"verification_token\": \"gwt_...\"}")))
  @APIResponse(responseCode = "200", description = "Bound (or already bound to this user); the body is an empty object", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body missing or malformed, invalid phone/email, conflict_resolution "
      + "unknown or not enabled; "
      + "invalid_grant (4001): sudo_token or verification_token invalid, expired, used, another user's, or for another address", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "409", description = "already_exists (4090): another account has this phone number or email and "
      + "conflict_resolution is DEFAULT (told only after the code was proved; the verification token stays usable)", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> bind(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(description = "Makes retries safe: the same key and body within 24 h get the first answer, with no second write") @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @Context HttpServerRequest http, byte[] body) {
    var accessToken = CallerService.requireAccessToken(authorization);
    var request = this.bodies.read(body, ContactRequest.class);
    var sudoToken = request.sudoTokenText();
    var verificationToken = JsonBodies.required(request.verificationToken(), "verification_token");
    var target = this.normalizer.parse(request.phoneNumber(), request.email());
    var info = this.clients.describe(http);
    return this.callers.resolve(accessToken).chain(caller -> this.idempotency.run("bind-contact", caller.userId(), idempotencyKey, body,
        () -> this.binding.bind(caller, sudoToken, target, verificationToken, request.conflictResolution(), info)
            .call(() -> this.callers.forget(accessToken).onFailure().invoke(failure -> Log.warnf(
                "bound for user %s, but its caller cache entry could not be dropped (expires by itself): %s", caller.userId(),
                failure.getMessage()))
                .onFailure().recoverWithNull())
            .replaceWith(() -> Response.ok(Map.of()).build())));
  }
}
