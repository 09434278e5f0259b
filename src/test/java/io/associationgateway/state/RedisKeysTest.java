package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;

/** {@link RedisKeys}: the key layout and its Redis Cluster hash tags, without Redis. */
class RedisKeysTest {

  private static final ContactTarget PHONE = new ContactTarget(Channel.PHONE, "+86 13800000000");
  private static final String PHONE_HASH = sha256("+86 13800000000");
  private static final String ID = "gwv_" + PHONE_HASH.substring(0, 3) + "0123456789abcdefXYZ";

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash tag Redis Cluster hashes: the text between the first '{' and the next '}'. */
  private static String hashTag(String key) {
    var open = key.indexOf('{');
    var close = key.indexOf('}', open + 1);
    return open < 0 || close < 0 ? key : key.substring(open + 1, close);
  }

  @Test
  void theBucketIsTheFirstThreeHexDigitsOfTheAddressHash() {
    assertThat(RedisKeys.targetHash(PHONE)).isEqualTo(PHONE_HASH);
    assertThat(RedisKeys.bucket(PHONE)).isEqualTo(PHONE_HASH.substring(0, 3)).matches("[0-9a-f]{3}");
  }

  @Test
  void aTargetsKeysAndItsCodesAndTokensShareOneHashTag() {
    var bucket = RedisKeys.bucket(PHONE);
    var keys = List.of(RedisKeys.cooldown(PHONE), RedisKeys.sends(PHONE), RedisKeys.failures(PHONE), RedisKeys.latest(PHONE),
        RedisKeys.code(ID), RedisKeys.verificationToken("gwt_" + bucket + "0123456789abcdef"));
    assertThat(keys).extracting(RedisKeysTest::hashTag).containsOnly("t" + bucket);
    assertThat(keys).extracting(key -> key.substring(0, key.indexOf('{'))).containsExactly(
        "gw:tcool:", "gw:tsend:", "gw:tfail:", "gw:tlast:", "gw:code:", "gw:vtok:");
  }

  @Test
  void keysCarryOnlyHashesOfSecretsAndAddresses() {
    assertThat(RedisKeys.failures(PHONE)).isEqualTo("gw:tfail:{t" + PHONE_HASH.substring(0, 3) + "}:" + PHONE_HASH).doesNotContain("138");
    assertThat(RedisKeys.code(ID)).endsWith(sha256(ID)).doesNotContain(ID);
    assertThat(RedisKeys.sudoGrant("secret-token")).isEqualTo("gw:sudo:" + sha256("secret-token"));
  }

  @Test
  void untaggedKeys() {
    assertThat(RedisKeys.userSms("u1")).isEqualTo("gw:usms:u1");
    assertThat(RedisKeys.globalSms()).isEqualTo("gw:gsms");
    assertThat(RedisKeys.ipSends("10.0.0.1")).isEqualTo("gw:ipsend:10.0.0.1");
    assertThat(RedisKeys.ipVerifies("::1")).isEqualTo("gw:ipverify:0:0:0:0::/64");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "gwv_abc0123456789abcdef, abc",
      "gwv_0000123456789abcdefmore, 000",
      "gwv_fff0123456789abcdef, fff",
  })
  void theBucketOfAMintedId(String id, String bucket) {
    assertThat(RedisKeys.bucketOf(id, RedisKeys.VERIFICATION_ID_PREFIX)).isEqualTo(bucket);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "gwv_abc0123456789abcde", // one character short of bucket + 16
      "gwt_abc0123456789abcdef", // another prefix
      "gwv_ABC0123456789abcdef", // upper case is not a bucket
      "gwv_ab-0123456789abcdef",
      "gwv_xyz0123456789abcdef",
      "abc0123456789abcdefghij",
  })
  void idsNotMintedHereHaveNoBucketAndNoKey(String id) {
    assertThat(RedisKeys.bucketOf(id, RedisKeys.VERIFICATION_ID_PREFIX)).isNull();
    assertThat(RedisKeys.code(id)).isNull();
  }

  @Test
  void aTokenWithoutABucketHasNoKey() {
    assertThat(RedisKeys.verificationToken("gwv_abc0123456789abcdef")).isNull();
    assertThat(RedisKeys.verificationToken("gwt_abc0123456789abcdef")).startsWith("gw:vtok:{tabc}:");
  }
}
