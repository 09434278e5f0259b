package io.associationgateway.upstream.tencent;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs Tencent Cloud API 3.0 JSON POST requests with TC3-HMAC-SHA256. Immutable, thread-safe. */
public final class Tc3Signer {

  /** The Content-Type to send and sign; the signed value must equal the header actually sent. */
  public static final String CONTENT_TYPE = "application/json; charset=utf-8";

  /** The algorithm name that opens the string to sign and the Authorization header. */
  static final String ALGORITHM = "TC3-HMAC-SHA256";

  /** The headers this signer signs, lower-case, ASCII-sorted, ';'-separated. */
  static final String SIGNED_HEADERS = "content-type;host";

  private static final String TERMINATOR = "tc3_request";
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  /** One HMAC-SHA256 per thread, keyed afresh for each link of the chain (a provider look-up per link cost more). */
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance(HMAC_SHA256);
    } catch (GeneralSecurityException missing) {
      throw new IllegalStateException("HmacSHA256 is not available", missing);
    }
  });
  private static final long SECONDS_PER_DAY = 86_400;

  private final String secretId;
  /** "TC3" + SecretKey in UTF-8: the key of the first HMAC of the chain, never exposed. */
  private final byte[] rootKey;

  public Tc3Signer(String secretId, String secretKey) {
    this.secretId = token(secretId, "secretId");
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("secretKey must not be blank");
    }
    this.rootKey = ("TC3" + secretKey).getBytes(StandardCharsets.UTF_8);
  }

  /** The Authorization header value for a POST of {@code payload} to {@code host} (e.g. "sms.tencentcloudapi.com", include ":port" only if the request's Host header carries it) for {@code service} (e.g. "sms") at {@code timestamp} (epoch seconds, also sent as X-TC-Timestamp), with signed headers content-type;host and the given content type. */
  public String authorization(String service, String host, String contentType, String payload, long timestamp) {
    token(service, "service");
    var stringToSign = stringToSign(service, canonicalRequest(host, contentType, payload), timestamp);
    return ALGORITHM + " Credential=" + this.secretId + "/" + credentialScope(service, timestamp)
        + ", SignedHeaders=" + SIGNED_HEADERS + ", Signature=" + signature(service, stringToSign, timestamp);
  }

  /** The Host header Vert.x sends for {@code endpoint} (the port only when it is not the scheme's); it is signed. */
  public static String hostHeader(URI endpoint) {
    var port = endpoint.getPort();
    var defaultPort = "https".equals(endpoint.getScheme()) ? 443 : 80;
    return port == -1 || port == defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }

  /** Step 1, the CanonicalRequest: method, URI "/", empty query, the two signed headers, their names, the payload hash. */
  static String canonicalRequest(String host, String contentType, String payload) {
    Objects.requireNonNull(payload, "payload");
    return "POST\n"
        + "/\n"
        + "\n"
        + "content-type:" + headerValue(contentType, "contentType") + "\n"
        + "host:" + headerValue(host, "host") + "\n"
        + "\n"
        + SIGNED_HEADERS + "\n"
        + sha256Hex(payload);
  }

  /** Step 2, the StringToSign: algorithm, timestamp, credential scope and the hash of the canonical request. */
  static String stringToSign(String service, String canonicalRequest, long timestamp) {
    Objects.requireNonNull(canonicalRequest, "canonicalRequest");
    return ALGORITHM + "\n" + timestamp + "\n" + credentialScope(service, timestamp) + "\n" + sha256Hex(canonicalRequest);
  }

  /** Step 3, the lower-hex signature of {@code stringToSign} with the key derived from the secret, date and service. */
  String signature(String service, String stringToSign, long timestamp) {
    Objects.requireNonNull(stringToSign, "stringToSign");
    var secretDate = hmac(this.rootKey, utcDate(timestamp));
    var secretService = hmac(secretDate, token(service, "service"));
    var secretSigning = hmac(secretService, TERMINATOR);
    return HEX.formatHex(hmac(secretSigning, stringToSign));
  }

  /** "Tc3Signer[secretId=...]": the secret key never appears. */
  @Override
  public String toString() {
    return "Tc3Signer[secretId=" + this.secretId + "]";
  }

  /** The CredentialScope: UTC date of the timestamp, service, "tc3_request". */
  static String credentialScope(String service, long timestamp) {
    return utcDate(timestamp) + "/" + token(service, "service") + "/" + TERMINATOR;
  }

  /** The UTC calendar date (yyyy-MM-dd) of an epoch-second timestamp. */
  static String utcDate(long timestamp) {
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be epoch seconds >= 0, was " + timestamp);
    }
    return LocalDate.ofEpochDay(timestamp / SECONDS_PER_DAY).toString();
  }

  /** A canonical header value: trimmed and lower-cased, as the TC3 rules require; no control characters. */
  private static String headerValue(String value, String name) {
    Objects.requireNonNull(value, name);
    var trimmed = value.strip();
    if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " must be a non-empty header value without control characters");
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }

  /** A value that goes into the Authorization header as is: non-empty, no whitespace, control, ',' or '/'. */
  private static String token(String value, String name) {
    if (value == null || value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c)
        || Character.isISOControl(c) || c == ',' || c == '/')) {
      throw new IllegalArgumentException(name + " must be non-empty, without whitespace, control characters, ',' or '/'");
    }
    return value;
  }

  private static String sha256Hex(String text) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException missing) {
      throw new IllegalStateException("SHA-256 is not available", missing);
    }
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      var mac = MAC.get();
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException missing) {
      throw new IllegalStateException("HmacSHA256 is not available", missing);
    }
  }
}
