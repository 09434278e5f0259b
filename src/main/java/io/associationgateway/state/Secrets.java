package io.associationgateway.state;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.associationgateway.config.FlowConfig;

/** Random tokens and codes from {@link SecureRandom}, and the one-way forms under which Redis keeps them. */
@ApplicationScoped
public class Secrets {

  private static final int TOKEN_BYTES = 32;
  private static final int MIN_KEY_LENGTH = 32;

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec codeKey;

  public Secrets(FlowConfig config) {
    if (config.codeHmacKey().length() < MIN_KEY_LENGTH) {
      throw new IllegalStateException("gateway.flow.code-hmac-key must have at least " + MIN_KEY_LENGTH + " characters");
    }
    this.codeKey = new SecretKeySpec(config.codeHmacKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** A new opaque token: the prefix, then 256 random bits in URL-safe Base64. */
  public String newToken(String prefix) {
    var bytes = new byte[TOKEN_BYTES];
    this.random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new code of {@code length} decimal digits, uniformly drawn. */
  public String newCode(int length) {
    var code = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      code.append((char) ('0' + this.random.nextInt(10)));
    }
    return code.toString();
  }

  /** The form under which a token is a Redis key: lower-case hex SHA-256. */
  public static String hash(String token) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 of a code, bound to its verification id so a MAC cannot be replayed for another id. */
  public String codeMac(String verificationId, String code) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(this.codeKey);
      return HexFormat.of().formatHex(mac.doFinal((verificationId + '\n' + code).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
