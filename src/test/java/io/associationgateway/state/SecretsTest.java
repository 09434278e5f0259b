package io.associationgateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.associationgateway.config.FlowConfig;

/**
 * {@link Secrets}: the one-way forms Redis keys are made of, the code MAC and the sealed records, against published test
 * vectors and independent JCA instances, also when several threads use the per-thread digest, MAC and cipher at once.
 */
class SecretsTest {

  private static final String KEY = "k".repeat(32);

  private static Secrets secrets(String key) {
    var config = (FlowConfig) Proxy.newProxyInstance(FlowConfig.class.getClassLoader(), new Class<?>[]{FlowConfig.class},
        (proxy, method, args) -> {
          if (method.getName().equals("codeHmacKey")) {
            return key;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return new Secrets(config);
  }

  private static String hmac(String key, String data) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hashIsLowerCaseHexSha256() {
    // FIPS 180-2 test vectors
    assertThat(Secrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Secrets.hash("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Secrets.hash("abc")).as("a second use of the thread's digest starts afresh")
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void codeMacIsHmacSha256OfIdAndCodeUnderTheCodeKey() throws Exception {
    var secrets = secrets(KEY);
    assertThat(secrets.codeMac("vid-1", "123456")).isEqualTo(hmac(KEY, "vid-1\n123456"));
    assertThat(secrets.codeMac("vid-1", "123456")).isEqualTo(hmac(KEY, "vid-1\n123456"));
    assertThat(secrets.codeMac("vid-2", "123456")).isNotEqualTo(secrets.codeMac("vid-1", "123456"));
    assertThat(secrets(KEY.toUpperCase()).codeMac("vid-1", "123456")).as("each instance keeps its own key")
        .isEqualTo(hmac(KEY.toUpperCase(), "vid-1\n123456")).isNotEqualTo(secrets.codeMac("vid-1", "123456"));
  }

  @Test
  void aSealedRecordOpensOnlyWithItsLabelAndKeyAndAFailedOpenLeavesNoState() {
    var secrets = secrets(KEY);
    var plain = "cloudbase-sudo-token".getBytes(StandardCharsets.UTF_8);
    var sealed = secrets.seal("sudo\nA", plain);
    assertThat(secrets.seal("sudo\nA", plain)).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThatThrownBy(() -> secrets.open("sudo\nB", sealed)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> secrets(KEY.toUpperCase()).open("sudo\nA", sealed)).isInstanceOf(IllegalStateException.class);
    assertThat(secrets.open("sudo\nA", sealed)).as("the thread's cipher works after a refused open").isEqualTo(plain);
  }

  @Test
  void threadsUsingTheirOwnInstancesAtOnceGetTheSameAnswers() throws Exception {
    var secrets = secrets(KEY);
    var pool = Executors.newFixedThreadPool(4);
    try {
      var tasks = new ArrayList<Callable<Boolean>>();
      for (int t = 0; t < 4; t++) {
        var thread = t;
        tasks.add(() -> {
          for (int i = 0; i < 500; i++) {
            var id = "vid-" + thread + "-" + i;
            var plain = id.getBytes(StandardCharsets.UTF_8);
            if (!Secrets.hash(id).equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain)))
                || !secrets.codeMac(id, "000000").equals(hmac(KEY, id + "\n000000"))
                || !new String(secrets.open(id, secrets.seal(id, plain)), StandardCharsets.UTF_8).equals(id)) {
              return false;
            }
          }
          return true;
        });
      }
      for (var result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
