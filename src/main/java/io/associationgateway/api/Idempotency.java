package io.associationgateway.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.associationgateway.config.PolicyConfig;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.Refusal;
import io.associationgateway.state.IdempotencyStore;
import io.associationgateway.state.Secrets;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * {@code Idempotency-Key}: the first answer to a key is kept (sealed) for {@code gateway.policy.idempotency-ttl} and
 * replayed for the same key and body, so a retry sends no second code and makes no second write. The same key with
 * another body is refused with 422; a retry while the first is still running gets 409 and {@code Retry-After}.
 * Answers that changed nothing and may succeed later (429, 5xx) are not kept.
 */
@Singleton
public class Idempotency {

  public static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  private static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyStore store;
  private final Secrets secrets;
  private final ObjectMapper json;
  private final PolicyConfig policy;

  public Idempotency(IdempotencyStore store, Secrets secrets, ObjectMapper json, PolicyConfig policy) {
    this.store = store;
    this.secrets = secrets;
    this.json = json;
    this.policy = policy;
  }

  /** Runs {@code action} once per {@code key} for this endpoint and caller; without a key, simply runs it. */
  public Uni<Response> run(String endpoint, String callerId, String key, byte[] body, Supplier<Uni<Response>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      return Uni.createFrom()
          .failure(new GatewayException(ErrorId.INVALID_ARGUMENT, "Idempotency-Key must be 1 to 255 visible ASCII characters"));
    }
    var record = Secrets.hash(endpoint + '\n' + callerId + '\n' + key);
    var fingerprint = Secrets.hash(endpoint + '\n' + new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8));
    return this.store.claim(record, fingerprint).chain(claim -> switch (claim.state()) {
      case CLAIMED -> action.get()
          .onFailure(GatewayException.class).recoverWithItem(failure -> ErrorEnvelope.response((GatewayException) failure))
          .onFailure().call(() -> this.store.release(record))
          // the step has happened: its answer stands even if Redis cannot keep it now (a retry then runs again, and a
          // spent token or code refuses it), rather than a 503 that would invite a retry of something already done
          .call(response -> (keep(response)
              ? this.store.complete(record, fingerprint, seal(key, response), this.policy.idempotencyTtl())
              : this.store.release(record))
              .onFailure().invoke(failure -> Log.warnf("%s: Idempotency-Key answer not kept: %s", endpoint, failure.getMessage()))
              .onFailure().recoverWithNull());
      case MISMATCH -> Uni.createFrom().failure(new GatewayException(ErrorId.IDEMPOTENCY_KEY_REUSED,
          "this Idempotency-Key was used with a different request body"));
      case RUNNING -> Uni.createFrom().failure(new GatewayException(ErrorId.IDEMPOTENCY_IN_PROGRESS,
          "a request with this Idempotency-Key is still running", Refusal.of(Refusal.Scope.USER, Refusal.Kind.COOLDOWN, 1000)));
      case DONE -> Uni.createFrom().item(() -> replay(key, claim.sealedAnswer()));
    });
  }

  private static boolean keep(Response response) {
    var status = response.getStatus();
    return status < 500 && status != 429 && status != 409;
  }

  private String seal(String key, Response response) {
    try {
      var entity = response.getEntity();
      var bytes = entity instanceof byte[] raw ? raw : this.json.writeValueAsBytes(entity);
      var answer = new JsonObject().put("status", response.getStatus()).put("body", Base64.getEncoder().encodeToString(bytes));
      return this.secrets.seal("idempotency\n" + key, answer.encode().getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response replay(String key, String sealed) {
    var answer = new JsonObject(new String(this.secrets.open("idempotency\n" + key, sealed), StandardCharsets.UTF_8));
    return Response.status(answer.getInteger("status")).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Base64.getDecoder().decode(answer.getString("body"))).header(REPLAYED, "true").build();
  }
}
