package io.associationgateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Gateway-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>} with the Unix seconds in
 * {@code X-Gateway-Timestamp}. Receivers recompute it over the raw body, compare in constant time and reject old
 * timestamps (replays).
 */
public final class WebhookSignature {

  public static final String SIGNATURE_HEADER = "X-Gateway-Signature";
  public static final String TIMESTAMP_HEADER = "X-Gateway-Timestamp";
  public static final String EVENT_ID_HEADER = "X-Gateway-Event-Id";

  private WebhookSignature() {
  }

  public static String sign(String secret, long timestamp, String body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
