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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@link UserDirectory} on Tencent Cloud API 3.0 {@code tcb} (cloud.tencent.com/document/api/876): lookup with
 * {@code DescribeUserList} (876/127959; it matches fuzzily, so only an exact match counts), writes with
 * {@code ModifyUser} (876/127958; {@code Phone} is 11 digits without country code, {@code ""} clears, {@code UserStatus}
 * only when meant), deletion with {@code DeleteUsers} (876/127960, irreversible). Phone numbers outside mainland China
 * cannot be stored and are refused before a code is sent.
 */
@Singleton
@Typed(TcbUserDirectory.class)
public class TcbUserDirectory implements UserDirectory {

  static final String MAINLAND = "+86 ";
  private static final int PAGE_SIZE = 100;

  private final TcbClient tcb;

  public TcbUserDirectory(TcbClient tcb) {
    this.tcb = tcb;
  }

  @Override
  public Optional<String> cannotStore(ContactTarget target) {
    if (target.channel() == Channel.PHONE && nationalDigits(target) == null) {
      return Optional.of("only mainland China mobile numbers (+86, 11 digits) can be linked to this CloudBase environment");
    }
    return Optional.empty();
  }

  @Override
  @Retry(maxRetries = 2, delay = 100, retryOn = TransientUpstreamException.class)
  public Uni<Optional<DirectoryUser>> findOwner(ContactTarget target) {
    var params = new JsonObject().put("PageNo", 1).put("PageSize", PAGE_SIZE);
    var wanted = target.channel() == Channel.PHONE ? nationalDigits(target) : target.value();
    if (wanted == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    params.put(target.channel() == Channel.PHONE ? "Phone" : "Email", wanted);
    return this.tcb.call("DescribeUserList", params).map(data -> {
      var users = data.getJsonArray("UserList", new JsonArray());
      for (int i = 0; i < users.size(); i++) {
        var user = users.getJsonObject(i);
        var value = target.channel() == Channel.PHONE ? user.getString("Phone") : user.getString("Email");
        if (value != null && value.equalsIgnoreCase(wanted) && user.getString("Uid") != null) {
          return Optional
              .of(new DirectoryUser(user.getString("Uid"), phoneOf(user.getString("Phone")), blankToNull(user.getString("Email"))));
        }
      }
      return Optional.<DirectoryUser>empty();
    });
  }

  @Override
  public Uni<Void> setContact(String userId, ContactTarget target) {
    var value = target.channel() == Channel.PHONE ? nationalDigits(target) : target.value();
    if (value == null) {
      return Uni.createFrom().failure(new GatewayException(ErrorId.INVALID_ARGUMENT, cannotStore(target).orElseThrow()));
    }
    return modify(userId, new JsonObject().put(field(target.channel()), value));
  }

  @Override
  public Uni<Void> clearContact(String userId, Channel channel) {
    return modify(userId, new JsonObject().put(field(channel), ""));
  }

  @Override
  public boolean canDeleteUsers() {
    return true;
  }

  @Override
  public Uni<Void> setBlocked(String userId, boolean blocked) {
    return modify(userId, new JsonObject().put("UserStatus", blocked ? "BLOCKED" : "ACTIVE"));
  }

  @Override
  public Uni<Void> delete(String userId) {
    return this.tcb.call("DeleteUsers", new JsonObject().put("Uids", new JsonArray().add(CloudBaseAssumptions.tcbUid(userId))))
        .map(data -> {
          if (data.getInteger("SuccessCount", 0) != 1) {
            throw new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE,
                "CloudBase did not delete the user (DeleteUsers " + data.encode() + ")");
          }
          return null;
        }).replaceWithVoid();
  }

  private Uni<Void> modify(String userId, JsonObject change) {
    return this.tcb.call("ModifyUser", change.put("Uid", CloudBaseAssumptions.tcbUid(userId)))
        .onFailure(TcbClient.TcbRefusal.class).transform(failure -> {
          var refusal = (TcbClient.TcbRefusal) failure;
          if (CloudBaseAssumptions.tcbDuplicateContact(refusal.code())) {
            CloudBaseAssumptions.logRecognised("a duplicate contact on ModifyUser", refusal.rawAnswer());
            return new GatewayException(ErrorId.ALREADY_EXISTS, "another account already has this phone number or email");
          }
          return refusal;
        })
        .map(data -> {
          if (!data.getBoolean("Success", Boolean.TRUE)) {
            throw new GatewayException(ErrorId.UPSTREAM_BAD_RESPONSE, "CloudBase did not apply ModifyUser");
          }
          return null;
        }).replaceWithVoid();
  }

  private static String field(Channel channel) {
    return channel == Channel.PHONE ? "Phone" : "Email";
  }

  /** {@code +86 13800000000} → {@code 13800000000}; {@code null} for a number outside mainland China. */
  static String nationalDigits(ContactTarget phone) {
    var value = phone.value();
    if (!value.startsWith(MAINLAND)) {
      return null;
    }
    var national = value.substring(MAINLAND.length());
    return national.length() == 11 && national.chars().allMatch(Character::isDigit) ? national : null;
  }

  private static String phoneOf(String digits) {
    return digits == null || digits.isBlank() ? null : MAINLAND + digits;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
