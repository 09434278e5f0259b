package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The prod profile refuses to start with local-mode stand-ins switched on or production settings missing: the production
 * build (which holds no stand-in, see ProductionArtefactIT) refuses the settings that would ask for one, and the local
 * build refuses to start its stand-ins under the prod profile.
 */
class ProdProfileIT {

  private static final List<String> PROD_CONFIG = List.of("-Dquarkus.profile=prod", "-Dgateway.cloudbase.url=http://127.0.0.1:9",
      "-Dgateway.cloudbase.env-id=env", "-Dgateway.cloudbase.directory=http", "-Dgateway.cloudbase.api-key=k",
      "-Dgateway.flow.code-hmac-key=0123456789abcdef0123456789abcdef",
      "-Dgateway.sms.provider=outbox", "-Dgateway.email.provider=outbox");

  @Test
  void prodWithTheEmulatorDoesNotStart() throws Exception {
    var config = new ArrayList<>(PROD_CONFIG);
    config.add("-Dgateway.local.emulator=true");
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start").contains("emulator");
    }
  }

  @Test
  void theLocalBuildUnderTheProdProfileDoesNotStartItsStandIns() throws Exception {
    var config = new ArrayList<>(PROD_CONFIG);
    config.addAll(List.of("-Dgateway.local.emulator=true", "-Dquarkus.redis.hosts=", "-Dquarkus.redis.hosts-provider-name=embedded-redis"));
    try (var app = PackagedApp.start(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start");
    }
  }

  @Test
  void prodWithOutboxSendersDoesNotStart() throws Exception {
    try (var app = PackagedApp.startProduction(PROD_CONFIG)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start").contains("gateway.sms.provider=outbox")
          .contains("gateway.email.provider=outbox");
    }
  }

  @Test
  void prodWithAShortCodeKeyDoesNotStart() throws Exception {
    var config = List.of("-Dquarkus.profile=prod", "-Dgateway.cloudbase.url=http://127.0.0.1:9", "-Dgateway.cloudbase.env-id=env",
        "-Dgateway.cloudbase.directory=http", "-Dgateway.cloudbase.api-key=k",
        "-Dgateway.flow.code-hmac-key=CHANGE_ME", "-Dgateway.sms.secret-id=a", "-Dgateway.sms.secret-key=b",
        "-Dgateway.sms.sdk-app-id=1", "-Dgateway.sms.template-id=2");
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("gateway.flow.code-hmac-key must have at least 32 characters");
    }
  }

  @Test
  void prodWithMissingSettingsDoesNotStartAndNamesEachOnItsOwnLine() throws Exception {
    var config = List.of("-Dquarkus.profile=prod", "-Dgateway.cloudbase.url=http://127.0.0.1:9", "-Dgateway.cloudbase.env-id=env",
        "-Dgateway.cloudbase.directory=http", "-Dgateway.cloudbase.api-key=k",
        "-Dgateway.flow.code-hmac-key=0123456789abcdef0123456789abcdef", "-Dgateway.sms.secret-id=a", "-Dgateway.sms.sdk-app-id=1",
        "-Dgateway.sms.template-id=2", "-Dgateway.sms.sign-name=Sign", "-Dgateway.policy.trusted-proxies=10.0.0.0/8");
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start with 4 wrong production setting(s)")
          .contains("production setting: gateway.sms.secret-key: missing")
          .contains("production setting: quarkus.mailer.host: not set")
          .contains("production setting: quarkus.mailer.from: no-reply@example.com is a placeholder")
          .contains("production setting: gateway.policy.trusted-proxies: 10.0.0.0/8 is too wide");
    }
  }

  @Test
  void prodWithTheEmbeddedRedisDoesNotStart() throws Exception {
    var config = List.of("-Dquarkus.profile=prod", "-Dgateway.cloudbase.url=http://127.0.0.1:9", "-Dgateway.cloudbase.env-id=env",
        "-Dgateway.cloudbase.directory=http", "-Dgateway.cloudbase.api-key=k",
        "-Dgateway.flow.code-hmac-key=0123456789abcdef0123456789abcdef", "-Dquarkus.redis.hosts=",
        "-Dquarkus.redis.hosts-provider-name=embedded-redis", "-Dgateway.sms.secret-id=a", "-Dgateway.sms.secret-key=b",
        "-Dgateway.sms.sdk-app-id=1", "-Dgateway.sms.template-id=2");
    // the local build has the provider: the guard refuses it
    try (var app = PackagedApp.start(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start").contains("embedded-redis");
    }
    // the production build has none: the Redis client cannot find it and the app stops before the guard runs
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("Unable to find redis host provider identified with embedded-redis");
    }
  }

  @Test
  void prodWithTheTcbDirectoryButNoKeyPairDoesNotStartAndSaysWhichPropertyIsMissing() throws Exception {
    var config = List.of("-Dquarkus.profile=prod", "-Dgateway.cloudbase.url=http://127.0.0.1:9", "-Dgateway.cloudbase.env-id=env",
        "-Dgateway.flow.code-hmac-key=0123456789abcdef0123456789abcdef", "-Dgateway.sms.secret-id=a", "-Dgateway.sms.secret-key=b",
        "-Dgateway.sms.sdk-app-id=1", "-Dgateway.sms.template-id=2");
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output())
          .contains("production setting: gateway.cloudbase.secret-id: missing (required with gateway.cloudbase.directory=tcb")
          .contains("production setting: gateway.cloudbase.secret-key: missing (required with gateway.cloudbase.directory=tcb");
    }
  }

  @Test
  void prodWithoutCloudBaseSettingsReportsThemWithEveryOtherProblemInOneStart() throws Exception {
    var config = List.of("-Dquarkus.profile=prod", "-Dgateway.flow.code-hmac-key=0123456789abcdef0123456789abcdef",
        "-Dgateway.sms.secret-id=a",
        "-Dgateway.sms.sdk-app-id=1", "-Dgateway.sms.template-id=2", "-Dgateway.sms.sign-name=Sign");
    try (var app = PackagedApp.startProduction(config)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero().isNotEqualTo(-1);
      assertThat(app.output()).contains("prod profile refuses to start with 7 wrong production setting(s)")
          .contains("production setting: gateway.cloudbase.url: missing")
          .contains("production setting: gateway.cloudbase.env-id: missing")
          .contains("production setting: gateway.cloudbase.secret-id: missing")
          .contains("production setting: gateway.cloudbase.secret-key: missing")
          .contains("production setting: gateway.sms.secret-key: missing")
          .contains("production setting: quarkus.mailer.host: not set")
          .contains("production setting: quarkus.mailer.from: no-reply@example.com is a placeholder")
          .doesNotContain("SRCFG00014").doesNotContain("CloudBase settings:");
    }
  }
}
