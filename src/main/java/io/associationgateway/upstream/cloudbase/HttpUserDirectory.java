package io.associationgateway.upstream.cloudbase;

import java.util.Optional;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.failure.ErrorId;
import io.associationgateway.failure.GatewayException;
import io.associationgateway.failure.TransientUpstreamException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * {@link UserDirectory} on CloudBase's HTTP API with the server credential ({@link AdminCredentials}): the write is
 * {@code POST /auth/v1/user/basic/edit {user_id, phone: "+86 13800000000" | email}} (docs.cloudbase.net/http-api/auth/
 * user-edit-user-basic-info), the owner lookup {@code GET /auth/v1/user/query} ({@link CloudBaseAssumptions}). The HTTP
 * API documents no way to block or delete another user, so {@code DELETE_ACCOUNT_TRANSFER} needs the {@code tcb}
 * directory.
 */
@Singleton
@Typed(HttpUserDirectory.class)
public class HttpUserDirectory implements UserDirectory {

  static final String EDIT_PATH = "/auth/v1/user/basic/edit";

  private final CloudBaseClient cloudBase;
  private final AdminCredentials credentials;

  public HttpUserDirectory(CloudBaseClient cloudBase, AdminCredentials credentials) {
    this.cloudBase = cloudBase;
    this.credentials = credentials;
  }

  @Override
  public Optional<String> cannotStore(ContactTarget target) {
    return Optional.empty();
  }

  @Override
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Optional<DirectoryUser>> findOwner(ContactTarget target) {
    var field = CloudBaseAssumptions.ownerQueryField(target.channel());
    return this.credentials.authorization()
        .chain(authorization -> this.cloudBase.send(this.cloudBase.request(HttpMethod.GET, CloudBaseAssumptions.OWNER_QUERY_PATH)
            .addQueryParam(field, target.value()).putHeader("Authorization", authorization), null))
        .onFailure(HttpUserDirectory::credentialRefused)
        .transform(failure -> this.credentials.refused(CloudBaseAssumptions.OWNER_QUERY_PATH, (GatewayException) failure))
        .map(answer -> exactOwner(answer, target));
  }

  @Override
  public Uni<Void> setContact(String userId, ContactTarget target) {
    return edit(new JsonObject().put("user_id", userId).put(field(target.channel()), target.value()));
  }

  @Override
  public Uni<Void> clearContact(String userId, Channel channel) {
    return edit(new JsonObject().put("user_id", userId).put(field(channel), CloudBaseAssumptions.CLEAR_VALUE));
  }

  @Override
  public boolean canDeleteUsers() {
    return false;
  }

  @Override
  public Uni<Void> setBlocked(String userId, boolean blocked) {
    return Uni.createFrom().failure(new GatewayException(ErrorId.FAILED_PRECONDITION, "the http directory cannot block users"));
  }

  @Override
  public Uni<Void> delete(String userId) {
    return Uni.createFrom().failure(new GatewayException(ErrorId.FAILED_PRECONDITION, "the http directory cannot delete users"));
  }

  /** The documented body field of {@code basic/edit}: {@code phone} (not {@code phone_number}) or {@code email}. */
  static String field(Channel channel) {
    return channel == Channel.PHONE ? "phone" : "email";
  }

  private Uni<Void> edit(JsonObject body) {
    return this.credentials.authorization()
        .chain(authorization -> this.cloudBase
            .send(this.cloudBase.request(HttpMethod.POST, EDIT_PATH).putHeader("Authorization", authorization), body))
        .onFailure(CloudBaseRefusal.class).transform(failure -> {
          var refusal = (CloudBaseRefusal) failure;
          if (CloudBaseAssumptions.httpDuplicateContact(refusal.error())) {
            CloudBaseAssumptions.logRecognised("a duplicate contact on basic/edit", refusal.rawAnswer());
            return new GatewayException(ErrorId.ALREADY_EXISTS, "another account already has this phone number or email");
          }
          return credentialRefused(refusal) ? this.credentials.refused(EDIT_PATH, refusal) : refusal;
        })
        .replaceWithVoid();
  }

  private static boolean credentialRefused(Throwable failure) {
    return failure instanceof GatewayException refusal
        && (refusal.id() == ErrorId.UNAUTHENTICATED || refusal.id() == ErrorId.PERMISSION_DENIED);
  }

  private static Optional<DirectoryUser> exactOwner(JsonObject answer, ContactTarget target) {
    var users = answer.getJsonArray("data");
    for (int i = 0; users != null && i < users.size(); i++) {
      var user = users.getJsonObject(i);
      var phone = user.getString("phone_number");
      var email = user.getString("email");
      var value = target.channel() == Channel.PHONE ? phone : email;
      var id = CloudBaseAssumptions.ownerQueryUserId(user);
      if (id.isPresent() && value != null && value.replace(" ", "").equalsIgnoreCase(target.value().replace(" ", ""))) {
        return Optional.of(new DirectoryUser(id.get(), phone, email));
      }
    }
    return Optional.empty();
  }
}
