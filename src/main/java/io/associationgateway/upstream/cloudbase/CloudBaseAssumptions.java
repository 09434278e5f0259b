package io.associationgateway.upstream.cloudbase;

import java.util.Optional;
import java.util.regex.Pattern;

import io.associationgateway.domain.Channel;
import io.quarkus.logging.Log;
import io.vertx.core.json.JsonObject;

/**
 * Every fact about CloudBase that its documentation leaves open and the gateway has to guess, in one place (the
 * README's "Assumed CloudBase wire details" lists the same ones). Correct a guess here and nowhere else.
 */
public final class CloudBaseAssumptions {

  private CloudBaseAssumptions() {
  }

  /**
   * Who owns an address, for the {@code http} directory: {@code GET /auth/v1/user/query?phone_number=…|email=…} with
   * the server credential. The path and query come from the client SDK's URL table ({@code queryUserProfile}); its use
   * with a server credential is not documented.
   */
  public static final String OWNER_QUERY_PATH = "/auth/v1/user/query";

  /** The query parameter of {@link #OWNER_QUERY_PATH} for a channel (as the SDK's URL table names it). */
  public static String ownerQueryField(Channel channel) {
    return channel == Channel.PHONE ? "phone_number" : "email";
  }

  /** The user id in one entry of the {@code user/query} answer {@code {total, data:[…]}}: {@code sub} as in {@code user/me}. */
  public static Optional<String> ownerQueryUserId(JsonObject entry) {
    return Optional.ofNullable(entry.getString("sub", entry.getString("user_id")));
  }

  /**
   * Whether {@code ""} clears a field on {@code POST /auth/v1/user/basic/edit}: documented for {@code tcb ModifyUser},
   * not for {@code basic/edit}; assumed to behave the same.
   */
  public static final String CLEAR_VALUE = "";

  /**
   * The {@code tcb} {@code Uid} of a user is the {@code sub} of {@code GET /auth/v1/user/me} (the SDK copies {@code sub}
   * into {@code uid}; not confirmed by a doc page).
   */
  public static String tcbUid(String sub) {
    return sub;
  }

  private static final Pattern HTTP_DUPLICATE = Pattern.compile("(phone|phone_number|email)?_?already_exists");

  /**
   * A write refused because another user already has the phone number or e-mail. The error name is not documented
   * (the documented sibling is {@code username_already_exists}, 409): on the HTTP API, {@code already_exists},
   * {@code phone_already_exists}, {@code phone_number_already_exists} or {@code email_already_exists}.
   */
  public static boolean httpDuplicateContact(String error) {
    return error != null && HTTP_DUPLICATE.matcher(error).matches();
  }

  /**
   * The same refusal on the {@code tcb} API ({@code CreateUser} documents "不能重复", unique, but no error code):
   * {@code ResourceInUse} or one of its sub-codes, or a code ending in {@code AlreadyExists}.
   */
  public static boolean tcbDuplicateContact(String code) {
    return code != null && (code.equals("ResourceInUse") || code.startsWith("ResourceInUse.") || code.endsWith("AlreadyExists"));
  }

  /**
   * {@code POST /auth/v1/user/provider/bind} refused because the identity is another user's ("the third-party account
   * cannot already be bound by other users"; the error name is not documented): {@code already_exists}, or a name
   * ending in {@code already_bound} or {@code already_exists}.
   */
  public static boolean providerBoundElsewhere(String error) {
    return error != null && (error.equals("already_exists") || error.endsWith("_already_bound") || error.endsWith("_already_exists"));
  }

  private static final Pattern DIGITS = Pattern.compile("\\d{5,}");
  private static final Pattern MAILBOX = Pattern.compile("[^\\s\"'@]+@");

  /**
   * Logs once, at WARN, the raw answer that an undocumented name above was recognised in, so an operator can confirm
   * or correct the guess; long digit runs and mailboxes are masked (the answer may repeat the address).
   */
  public static void logRecognised(String what, String rawAnswer) {
    var safe = MAILBOX.matcher(DIGITS.matcher(rawAnswer == null ? "" : rawAnswer).replaceAll("#####")).replaceAll("***@");
    Log.warnf("CloudBase answer recognised as %s (undocumented error name, see CloudBaseAssumptions): %s", what,
        safe.length() > 500 ? safe.substring(0, 500) : safe);
  }
}
