package io.associationgateway.state;

import io.associationgateway.domain.ContactTarget;
import io.associationgateway.domain.NetworkKey;

/**
 * The whole Redis key layout in one place. Every key starts with {@code gw:<kind>:}; secrets and addresses appear only
 * as SHA-256 hex.
 *
 * <p>Keys that one Lua script touches together share a Redis Cluster hash tag, so every script runs on one slot:
 * a target's code, verification tokens and counters carry {@code {t<b>}}, where {@code <b>} (three hex digits, 4,096
 * buckets) is the start of the target's hash (of its mailbox: {@code +tags} and Gmail dots dropped). The verification id and the verification token carry the same three
 * digits after their prefix ({@code gwv_<b>…}, {@code gwt_<b>…}), so a later step finds the slot without a lookup.
 * Keys read or written alone (sudo grants, caller cache, idempotency records, provider tokens, OAuth states, IP
 * buckets, SMS and e-mail budgets, the event stream) need no tag.
 */
public final class RedisKeys {

  /** Length of the bucket digits in a tagged id. */
  static final int BUCKET_DIGITS = 3;

  private RedisKeys() {
  }

  /** The bucket of a contact address: the first three hex digits of its SHA-256. */
  public static String bucket(ContactTarget target) {
    return targetHash(target).substring(0, BUCKET_DIGITS);
  }

  /** The bucket written into an id minted as {@code prefix + bucket + random}, or {@code null} when it has none. */
  public static String bucketOf(String id, String prefix) {
    if (id == null || !id.startsWith(prefix) || id.length() < prefix.length() + BUCKET_DIGITS + 16) {
      return null;
    }
    var digits = id.substring(prefix.length(), prefix.length() + BUCKET_DIGITS);
    return digits.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? digits : null;
  }

  /**
   * SHA-256 hex of the mailbox a contact address reaches ({@link ContactTarget#mailbox}): {@code inbox+1@} and
   * {@code inbox+2@} are one target for every per-target limit and share one live code.
   */
  public static String targetHash(ContactTarget target) {
    return Secrets.hash(target.mailbox());
  }

  /** What every verification id starts with, before its bucket. */
  public static final String VERIFICATION_ID_PREFIX = "gwv_";

  /** What every verification token starts with, before its bucket. */
  public static final String VERIFICATION_TOKEN_PREFIX = "gwt_";

  /** The pending code of a verification id, or {@code null} when the id carries no bucket (not minted here). */
  public static String code(String verificationId) {
    var bucket = bucketOf(verificationId, VERIFICATION_ID_PREFIX);
    return bucket == null ? null : code(bucket, verificationId);
  }

  /** A verification token's key, or {@code null} when the token carries no bucket (not minted here). */
  public static String verificationToken(String token) {
    var bucket = bucketOf(token, VERIFICATION_TOKEN_PREFIX);
    return bucket == null ? null : verificationToken(bucket, token);
  }

  /** A pending code: hash of its HMAC, target, channel, user, purpose, tries. */
  public static String code(String bucket, String verificationId) {
    return "gw:code:" + tag(bucket) + Secrets.hash(verificationId);
  }

  /** A verification token: hash of the proved target, channel, user and purpose. */
  public static String verificationToken(String bucket, String token) {
    return "gw:vtok:" + tag(bucket) + Secrets.hash(token);
  }

  /** A target's resend cooldown. */
  public static String cooldown(ContactTarget target) {
    return "gw:tcool:" + tagged(target);
  }

  /** A target's sends this hour. */
  public static String sends(ContactTarget target) {
    return "gw:tsend:" + tagged(target);
  }

  /** A target's wrong codes in 24 hours. */
  public static String failures(ContactTarget target) {
    return "gw:tfail:" + tagged(target);
  }

  /** Points at the target's one live code; an older code is dead once this no longer names it. */
  public static String latest(ContactTarget target) {
    return "gw:tlast:" + tagged(target);
  }

  /** A user's SMS today. */
  public static String userSms(String userId) {
    return "gw:usms:" + userId;
  }

  /** SMS this hour, gateway-wide. */
  public static String globalSms() {
    return "gw:gsms";
  }

  /** A user's e-mail codes today. */
  public static String userEmail(String userId) {
    return "gw:umail:" + userId;
  }

  /** E-mail codes this hour, gateway-wide. */
  public static String globalEmail() {
    return "gw:gemail";
  }

  /** A client IP's token bucket for sends (IPv6: its /64, see {@link NetworkKey}). */
  public static String ipSends(String ip) {
    return "gw:ipsend:" + NetworkKey.of(ip);
  }

  /** A client IP's token bucket for verifies (IPv6: its /64). */
  public static String ipVerifies(String ip) {
    return "gw:ipverify:" + NetworkKey.of(ip);
  }

  /** A linking round's OAuth state (minted by the gateway): its owner and redirect URI. */
  public static String linkState(String state) {
    return "gw:link:" + Secrets.hash(state);
  }

  /** A provider token a linking round produced: the owner of that round. */
  public static String linkToken(String providerToken) {
    return "gw:ptok:" + Secrets.hash(providerToken);
  }

  /** A sudo grant: the user id it was given to. */
  public static String sudoGrant(String token) {
    return "gw:sudo:" + Secrets.hash(token);
  }

  private static String tagged(ContactTarget target) {
    var hash = targetHash(target);
    return tag(hash.substring(0, BUCKET_DIGITS)) + hash;
  }

  private static String tag(String bucket) {
    return "{t" + bucket + "}:";
  }
}
