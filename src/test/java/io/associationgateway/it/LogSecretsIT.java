package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * The gateway's logs of the whole test run ({@code target/test-run.log}, JSON lines written by every
 * {@code @QuarkusTest} before this runs) hold no code, token, password, secret, full phone number or full e-mail address.
 * Lines of the test doubles (WireMock, GreenMail) are not the gateway's and are skipped.
 */
class LogSecretsIT {

  private static final Pattern TEST_DOUBLES = Pattern
      .compile("^(WireMock|wiremock|org\\.eclipse\\.jetty|com\\.icegreen|com\\.github\\.tomakehurst).*");
  private static final Map<String, Pattern> SECRETS = Map.of(
      "gateway token or id", Pattern.compile("gw[svtp]_[A-Za-z0-9_-]{16,}"),
      "access token or password of a test user", Pattern.compile("\\b(at|pw)-[0-9a-f]{8}-|passwd|wrong-one"),
      "upstream secret",
      Pattern.compile(
          "test-secret-key|test-cloudbase-secret-key|it-cloudbase-api-key|test-only-code-hmac-key|admin-token-from|cloudbase-own-sudo-token"),
      "verification code", Pattern.compile("(?i)(verification_code|\\bcode)[\"=: ]+[0-9]{6}\\b"),
      "full phone number", Pattern.compile("(?<![0-9A-Za-z*])(\\+?86 ?)?1[3-9][0-9]{9}(?![0-9A-Za-z])"),
      "full e-mail address", Pattern.compile("(?<![*A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}"));

  @Test
  void aFullTestRunLogsNoSecret() throws IOException {
    var log = Path.of(System.getProperty("test.log", "target/test-run.log"));
    assertThat(log).as("the test run's log (written by the @QuarkusTests)").exists();
    var findings = new ArrayList<String>();
    var gatewayLines = 0;
    var auditLines = 0;
    for (var line : Files.readAllLines(log)) {
      JsonObject entry;
      try {
        entry = new JsonObject(line);
      } catch (RuntimeException notJson) {
        continue;
      }
      var logger = entry.getString("loggerName", "");
      if (TEST_DOUBLES.matcher(logger).matches()) {
        continue;
      }
      gatewayLines++;
      if (logger.equals("io.associationgateway.audit")) {
        auditLines++;
      }
      SECRETS.forEach((what, pattern) -> {
        var match = pattern.matcher(line);
        if (match.find()) {
          findings.add(what + " in " + logger + ": " + line.substring(0, Math.min(line.length(), 300)));
        }
      });
    }
    assertThat(gatewayLines).as("lines the gateway logged").isGreaterThan(500);
    assertThat(auditLines).as("audit events logged").isGreaterThan(100);
    assertThat(findings).as("secrets in the logs").isEqualTo(List.of());
  }
}
