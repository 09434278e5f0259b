package io.associationgateway.api;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.flow.CallerService;
import io.associationgateway.flow.ContactNormalizer;
import io.associationgateway.flow.VerificationService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Steps 2 and 3 of the association workflow: send a code, verify it. Requests that belong to CloudBase's own
 * sign-in, sign-up and password-reset flows (no bearer token, a CloudBase {@code usage}, or a verification id the
 * gateway did not issue) are forwarded to CloudBase unchanged.
 */
@Path("/auth/v1/verification")
public class VerificationResource {

  private static final Set<String> TARGETS = Set.of("ANY", "USER", "NOT_USER", "CUR_USER");
  private static final Set<String> GATEWAY_USAGES = Set.of("PHONE_NUMBER_CHANGE", "EMAIL_ADDRESS_CHANGE");

  private final CallerService callers;
  private final VerificationService verification;
  private final ContactNormalizer normalizer;
  private final CloudBaseRelay cloudBase;
  private final JsonBodies bodies;
  private final ClientIp clients;
  private final Idempotency idempotency;

  public VerificationResource(CallerService callers, VerificationService verification, ContactNormalizer normalizer,
      CloudBaseRelay cloudBase, JsonBodies bodies, ClientIp clients, Idempotency idempotency) {
    this.callers = callers;
    this.verification = verification;
    this.normalizer = normalizer;
    this.cloudBase = cloudBase;
    this.bodies = bodies;
    this.clients = clients;
    this.idempotency = idempotency;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @SecurityRequirement(name = "bearer")
  @Tag(name = "Code")
  @Operation(operationId = "sendVerificationCode", summary = "Send a one-time code to a phone number or email", description = "For the signed-in caller. A code to the caller's own contact can buy a sudo token (is_user true); a code to "
      + "any other address can bind it. The answer never tells whether another account has the address. Without a bearer "
      + "token, or with usage REGISTER, SIGN_IN or PASSWORD_RESET, the request goes to CloudBase unchanged.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = VerificationRequest.class), examples = {
      @ExampleObject(name = "phone", value = "{\"phone_number\": \"+86 13800000000\"}"),
      @ExampleObject(name = "email", value = "{\"email\": \"test@example.com\"}")}))
  @APIResponse(responseCode = "200", description = "Code sent", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = VerificationResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body missing or malformed, not exactly one of phone_number and email, "
      + "invalid number or address, unknown target or usage, CUR_USER with another address, a number outside the SMS countries "
      + "(gateway.policy.sms-countries), or a number the SMS provider cannot reach", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290), with Retry-After and details {scope, kind, retry_after_s}: "
      + "resend cooldown (target/cooldown, 60 s), codes per address per hour (target/cap), SMS per user per day (user/cap), "
      + "client IP bucket (ip/cap), gateway SMS budget (global/cap), address locked after too many wrong codes (target/lockout), "
      + "or the SMS provider's own limits", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Parameter(description = "Makes retries safe: the same key and body within 24 h get the first answer, with no second message") @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @Context HttpServerRequest http, byte[] body) {
    var accessToken = CallerService.accessToken(authorization);
    if (Delegation.sendCodeIsCloudBases(accessToken, null)) {
      return this.cloudBase.forward(http, body);
    }
    var request = this.bodies.read(body, VerificationRequest.class);
    if (Delegation.sendCodeIsCloudBases(accessToken, request.usage())) {
      return this.cloudBase.forward(http, body);
    }
    if (request.usage() != null && !GATEWAY_USAGES.contains(request.usage())) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "unknown usage " + request.usage());
    }
    if (request.target() != null && !TARGETS.contains(request.target())) {
      throw new GatewayException(ErrorId.INVALID_ARGUMENT, "target must be one of ANY, USER, NOT_USER, CUR_USER");
    }
    var target = this.normalizer.parse(request.phoneNumber(), request.email());
    var info = this.clients.describe(http);
    return this.callers.resolve(accessToken).chain(caller -> this.idempotency.run("send-code", caller.userId(), idempotencyKey, body,
        () -> this.verification.send(caller, target, "CUR_USER".equals(request.target()), info)
            .map(sent -> Response.ok(new VerificationResponse(sent.verificationId(), sent.ttl().toSeconds(), sent.isUser())).build())));
  }

  @POST
  @Path("/verify")
  @Tag(name = "Verify")
  @Consumes(MediaType.WILDCARD)
  @Produces(APPLICATION_JSON)
  @Operation(operationId = "verifyCode", summary = "Verify a one-time code", description = "A right code yields a single-use verification_token (600 s); each wrong one costs one of the code's 5 tries. "
      + "Verification ids the gateway did not issue go to CloudBase unchanged.")
  @RequestBody(required = true, content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = VerifyRequest.class), examples = @ExampleObject(name = "code", value = "{\"verification_id\": \"gwv_...\", \"verification_code\": \"000000\"}")))
  @APIResponse(responseCode = "200", description = "Code proved", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = VerifyResponse.class)))
  @APIResponse(responseCode = "400", description = "invalid_argument (4000): body missing or malformed, or the code is not 6 digits; "
      + "invalid_verification_code (4007): wrong code, details.attempts_left says how many tries are left", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "404", description = "not_found (4004): verification_id unknown, expired, already used, or replaced by a newer code to the same address", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(responseCode = "429", description = "resource_exhausted (4290), with details {scope, kind}: the code took its last wrong "
      + "try (target/cap), the address is locked after too many wrong codes (target/lockout, with Retry-After), or the client IP "
      + "checks too fast (ip/cap, with Retry-After)", content = @Content(mediaType = APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
  public Uni<Response> verify(
      @Parameter(description = "Makes retries safe: the same key and body within 24 h get the first answer") @HeaderParam(Idempotency.HEADER) String idempotencyKey,
      @Context HttpServerRequest http, byte[] body) {
    var request = this.bodies.read(body, VerifyRequest.class);
    var verificationId = JsonBodies.required(request.verificationId(), "verification_id");
    var code = JsonBodies.required(request.verificationCode(), "verification_code");
    if (Delegation.verifyIsCloudBases(verificationId)) {
      return this.cloudBase.forward(http, body);
    }
    var info = this.clients.describe(http);
    return this.idempotency.run("verify-code", "-", idempotencyKey, body, () -> this.verification.verify(verificationId, code, info)
        .map(token -> Response.ok(new VerifyResponse(token.token(), token.ttl().toSeconds())).build()));
  }
}
