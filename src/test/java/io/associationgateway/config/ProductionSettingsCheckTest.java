package io.associationgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Each production setting the gateway needs: a complete configuration passes, each wrong setting is one named line. */
class ProductionSettingsCheckTest {

  /** A complete production configuration, as k8s/ fills it in. */
  static Map<String, String> complete() {
    var settings = new HashMap<String, String>();
    settings.put("gateway.cloudbase.url", "https://env-1a2b.api.tcloudbasegateway.com");
    settings.put("gateway.cloudbase.env-id", "env-1a2b");
    settings.put("gateway.cloudbase.secret-id", "cloudbase-id");
    settings.put("gateway.cloudbase.secret-key", "cloudbase-key");
    settings.put("gateway.flow.code-hmac-key", "0123456789abcdef0123456789abcdef0123");
    settings.put("gateway.sms.secret-id", "sms-id");
    settings.put("gateway.sms.secret-key", "sms-key");
    settings.put("gateway.sms.sdk-app-id", "1400006666");
    settings.put("gateway.sms.sign-name", "Sign");
    settings.put("gateway.sms.template-id", "449739");
    settings.put("quarkus.mailer.host", "smtp.qcloudmail.com");
    settings.put("quarkus.mailer.from", "no-reply@mail.association.test");
    settings.put("quarkus.mailer.password", "smtp-password");
    settings.put("quarkus.redis.hosts", "redis://redis-0:26379,redis://redis-1:26379");
    settings.put("gateway.policy.trusted-proxies", "10.42.7.0/24,10.42.8.15");
    settings.put("quarkus.http.cors.origins", "https://app.association.test");
    return settings;
  }

  static List<String> problems(Map<String, String> settings) {
    var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build();
    return new ProductionSettingsCheck(config).problems().stream().map(Object::toString).toList();
  }

  @Test
  void aCompleteConfigurationPasses() {
    assertThat(problems(complete())).isEmpty();
  }

  static Stream<Arguments> wrongSettings() {
    return Stream.of(
        wrong("no CloudBase URL", s -> s.remove("gateway.cloudbase.url"), "gateway.cloudbase.url: missing"),
        wrong("CloudBase URL without scheme", s -> s.put("gateway.cloudbase.url", "env-1a2b.api.tcloudbasegateway.com"),
            "gateway.cloudbase.url: env-1a2b.api.tcloudbasegateway.com is not an http(s):// URL"),
        wrong("no CloudBase env id", s -> s.put("gateway.cloudbase.env-id", " "), "gateway.cloudbase.env-id: missing"),
        wrong("tcb without SecretKey", s -> s.remove("gateway.cloudbase.secret-key"),
            "gateway.cloudbase.secret-key: missing (required with gateway.cloudbase.directory=tcb"),
        wrong("tcb with a placeholder SecretId", s -> s.put("gateway.cloudbase.secret-id", "CHANGE_ME"),
            "gateway.cloudbase.secret-id: still the template's placeholder"),
        wrong("http without API key or key pair", s -> {
          s.put("gateway.cloudbase.directory", "http");
          s.remove("gateway.cloudbase.secret-id");
          s.remove("gateway.cloudbase.secret-key");
        }, "gateway.cloudbase.api-key: missing (required with gateway.cloudbase.directory=http"),
        wrong("http with half a key pair", s -> {
          s.put("gateway.cloudbase.directory", "http");
          s.put("gateway.cloudbase.api-key", "api-key");
          s.remove("gateway.cloudbase.secret-id");
        }, "gateway.cloudbase.secret-id: missing (gateway.cloudbase.secret-id and gateway.cloudbase.secret-key are set both or neither"),
        wrong("http with a placeholder API key", s -> s.put("gateway.cloudbase.api-key", "CHANGE_ME"),
            "gateway.cloudbase.api-key: still the template's placeholder"),
        wrong("no code key", s -> s.remove("gateway.flow.code-hmac-key"), "gateway.flow.code-hmac-key: missing"),
        wrong("short code key", s -> s.put("gateway.flow.code-hmac-key", "short"), "gateway.flow.code-hmac-key: has 5 characters"),
        wrong("no SMS secret key", s -> s.remove("gateway.sms.secret-key"), "gateway.sms.secret-key: missing"),
        wrong("SMS id left as placeholder", s -> s.put("gateway.sms.secret-id", "CHANGE_ME"),
            "gateway.sms.secret-id: still the template's placeholder"),
        wrong("no SMS app id", s -> s.put("gateway.sms.sdk-app-id", ""), "gateway.sms.sdk-app-id: missing"),
        wrong("no SMS template", s -> s.remove("gateway.sms.template-id"), "gateway.sms.template-id: missing"),
        wrong("no sign name for CN", s -> s.remove("gateway.sms.sign-name"), "gateway.sms.sign-name: missing"),
        wrong("no SMTP host", s -> s.remove("quarkus.mailer.host"), "quarkus.mailer.host: not set"),
        wrong("SMTP host localhost", s -> s.put("quarkus.mailer.host", "localhost"), "quarkus.mailer.host: not set"),
        wrong("example sender", s -> s.put("quarkus.mailer.from", "no-reply@example.com"),
            "quarkus.mailer.from: no-reply@example.com is a placeholder"),
        wrong("SMTP password placeholder", s -> s.put("quarkus.mailer.password", "CHANGE_ME"), "quarkus.mailer.password: still"),
        wrong("no Redis", s -> s.remove("quarkus.redis.hosts"), "quarkus.redis.hosts: missing"),
        wrong("Redis without scheme", s -> s.put("quarkus.redis.hosts", "redis-0:6379"),
            "quarkus.redis.hosts: redis-0:6379 is not a redis://"),
        wrong("a /8 of trusted proxies", s -> s.put("gateway.policy.trusted-proxies", "10.0.0.0/8"),
            "gateway.policy.trusted-proxies: 10.0.0.0/8 is too wide"),
        wrong("any IPv6 proxy", s -> s.put("gateway.policy.trusted-proxies", "::/0"), "gateway.policy.trusted-proxies: ::/0 is too wide"),
        wrong("any origin", s -> s.put("quarkus.http.cors.origins", "/.*/"), "quarkus.http.cors.origins: /.*/ lets any web page"),
        wrong("a sandbox provider token", s -> s.put("gateway.provider.sandbox-tokens", "test_provider_token"),
            "gateway.provider.sandbox-tokens: is for local mode only"),
        wrong("webhooks without a key", s -> s.put("gateway.webhooks.endpoints", "https://hooks.association.test/x"),
            "gateway.webhooks.secret: missing"),
        wrong("webhooks over http", s -> {
          s.put("gateway.webhooks.endpoints", "http://hooks.association.test/x");
          s.put("gateway.webhooks.secret", "0123456789abcdef0123456789abcdef");
        }, "gateway.webhooks.endpoints: http://hooks.association.test/x is not https://"));
  }

  static Arguments wrong(String what, Consumer<Map<String, String>> breakIt, String line) {
    return Arguments.of(what, breakIt, line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongSettings")
  void eachWrongSettingIsOneLineNamingTheProperty(String what, Consumer<Map<String, String>> breakIt, String line) {
    var settings = complete();
    breakIt.accept(settings);
    assertThat(problems(settings)).singleElement().asString().startsWith(line);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(problems(Map.of("gateway.policy.trusted-proxies", "0.0.0.0/0"))).hasSize(14)
        .allSatisfy(line -> assertThat(line).matches("[a-z.-]+: .+").doesNotContain("\n"))
        .anySatisfy(line -> assertThat(line).startsWith("gateway.cloudbase.url: missing"))
        .anySatisfy(line -> assertThat(line).startsWith("gateway.cloudbase.env-id: missing"))
        .anySatisfy(line -> assertThat(line).startsWith("gateway.cloudbase.secret-id: missing"))
        .anySatisfy(line -> assertThat(line).startsWith("gateway.cloudbase.secret-key: missing"))
        .anySatisfy(line -> assertThat(line).startsWith("gateway.sms.secret-key: missing"));
  }

  @Test
  void theCloudBaseProblemsOutsideProdAreTheSameLines() {
    var settings = complete();
    settings.remove("gateway.cloudbase.env-id");
    settings.remove("gateway.sms.secret-key");
    var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(settings, "test", 500)).build();
    assertThat(ProductionSettingsCheck.cloudBaseProblems(config)).map(Object::toString).singleElement().asString()
        .startsWith("gateway.cloudbase.env-id: missing");
  }

  @Test
  void otherDeliveryProvidersNeedNoSmsOrSmtpSettings() {
    var settings = complete();
    List.of("gateway.sms.secret-id", "gateway.sms.secret-key", "gateway.sms.sdk-app-id", "gateway.sms.template-id", "gateway.sms.sign-name",
        "quarkus.mailer.host", "quarkus.mailer.from").forEach(settings::remove);
    settings.put("gateway.sms.provider", "outbox");
    settings.put("gateway.email.provider", "outbox");
    assertThat(problems(settings)).isEmpty();
  }
}
