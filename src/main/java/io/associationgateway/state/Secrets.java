package io.associationgateway.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

import io.associationgateway.config.FlowConfig;

/**
 * Random tokens and codes from {@link SecureRandom}, and the one-way forms under which Redis keeps them. Created at
 * startup, so a missing or short {@code gateway.flow.code-hmac-key} stops the gateway from starting.
 */
@Singleton
@io.quarkus.runtime.Startup
public class Secrets {

  private static final int TOKEN_BYTES = 32;
  private static final int MIN_KEY_LENGTH = 32;

  /**
   * One SHA-256 digest, one HMAC keyed with the code key and one AES-GCM cipher per thread: looking them up through the
   * JCA providers on every call cost more than the hashing itself, and a thread uses one at a time (none of them is
   * kept across a callback).
   */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });
  private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });
  private static final HexFormat HEX = HexFormat.of();

  private final SecureRandom random = new SecureRandom();
  private final SecretKeySpec codeKey;
  private final ThreadLocal<Mac> codeMac;

  public Secrets(FlowConfig config) {
    if (config.codeHmacKey().length() < MIN_KEY_LENGTH) {
      throw new IllegalStateException("gateway.flow.code-hmac-key must have at least " + MIN_KEY_LENGTH + " characters");
    }
    this.codeKey = new SecretKeySpec(config.codeHmacKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.codeMac = ThreadLocal.withInitial(() -> {
      try {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(this.codeKey);
        return mac;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    });
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
    return HEX.formatHex(SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Encrypts {@code plain} (AES-256-GCM) under a key derived from the server key and {@code label}: a record sealed
   * for an Idempotency-Key can be opened only by someone holding both the server key and that Idempotency-Key.
   */
  public String seal(String label, byte[] plain) {
    try {
      var nonce = new byte[12];
      this.random.nextBytes(nonce);
      var cipher = AES_GCM.get();
      cipher.init(Cipher.ENCRYPT_MODE, sealingKey(label), new GCMParameterSpec(128, nonce));
      var sealed = cipher.doFinal(plain);
      var out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens what {@link #seal} sealed with the same label; fails if it was altered. */
  public byte[] open(String label, String sealed) {
    try {
      var in = Base64.getDecoder().decode(sealed);
      var cipher = AES_GCM.get();
      cipher.init(Cipher.DECRYPT_MODE, sealingKey(label), new GCMParameterSpec(128, in, 0, 12));
      return cipher.doFinal(in, 12, in.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealed record does not open", e);
    }
  }

  private SecretKeySpec sealingKey(String label) {
    return new SecretKeySpec(this.codeMac.get().doFinal(("seal\n" + label).getBytes(StandardCharsets.UTF_8)), "AES");
  }

  /** HMAC-SHA256 of a code, bound to its verification id so a MAC cannot be replayed for another id. */
  public String codeMac(String verificationId, String code) {
    return HEX.formatHex(this.codeMac.get().doFinal((verificationId + '\n' + code).getBytes(StandardCharsets.UTF_8)));
  }
}
