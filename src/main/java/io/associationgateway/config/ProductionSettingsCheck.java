package io.associationgateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * Under the {@code prod} profile, checks at startup every setting the gateway needs to serve real users and refuses to
 * start while any is missing or wrong, with one line per problem naming the property and what is wrong (instead of a
 * failure on the first real request). Runs after {@code LocalModeGuard}. To check a new setting, write a {@link Rule}
 * and add it to {@link #RULES}.
 */
@Singleton
public class ProductionSettingsCheck {

  /** A wrong production setting: the property and what is wrong with it. */
  public record Problem(String property, String what) {
    @Override
    public String toString() {
      return this.property + ": " + this.what;
    }
  }

  /** One check over the configuration; adds a {@link Problem} per wrong setting. */
  @FunctionalInterface
  interface Rule {
    void check(Settings settings, List<Problem> problems);
  }

  /** The configuration as strings; an empty value counts as not set. */
  record Settings(Config config) {
    Optional<String> value(String name) {
      return this.config.getOptionalValue(name, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    List<String> values(String name) {
      return value(name).map(v -> List.of(v.split("\\s*,\\s*"))).orElse(List.of());
    }

    /** The value, with a problem added when it is missing or still a template placeholder. */
    Optional<String> required(String name, String hint, List<Problem> problems) {
      var value = value(name);
      if (value.isEmpty()) {
        problems.add(new Problem(name, "missing (" + hint + ")"));
      } else if (value.get().equalsIgnoreCase("CHANGE_ME")) {
        problems.add(new Problem(name, "still the template's placeholder CHANGE_ME (" + hint + ")"));
        return Optional.empty();
      }
      return value;
    }
  }

  static final int MIN_KEY_LENGTH = 32;
  /** IPv4 ranges wider than this many leading bits are too wide to trust (a /8 holds every pod of most clusters). */
  static final int NARROWEST_TRUSTED_PREFIX = 16;
  static final Pattern EXAMPLE_DOMAIN = Pattern.compile("(?i).*[@.]example\\.(?:com|org|net)$");

  static final List<Rule> RULES = List.of(
      ProductionSettingsCheck::cloudBase,
      ProductionSettingsCheck::codeKey,
      ProductionSettingsCheck::sms,
      ProductionSettingsCheck::smtp,
      ProductionSettingsCheck::redis,
      ProductionSettingsCheck::trustedProxies,
      ProductionSettingsCheck::cors,
      ProductionSettingsCheck::providerSandbox,
      ProductionSettingsCheck::webhooks);

  private final Config config;

  public ProductionSettingsCheck(Config config) {
    this.config = config;
  }

  void check(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent start) {
    if (!ConfigUtils.getProfiles().contains("prod")) {
      return;
    }
    var problems = problems();
    if (!problems.isEmpty()) {
      var lines = problems.stream().map(Problem::toString).toList();
      lines.forEach(line -> Log.error("production setting: " + line));
      throw new IllegalStateException("the prod profile refuses to start with " + problems.size() + " wrong production setting(s):\n  "
          + String.join("\n  ", lines));
    }
  }

  /** Every wrong production setting, in the order of {@link #RULES}; empty when all are fine. */
  public List<Problem> problems() {
    var settings = new Settings(this.config);
    var problems = new ArrayList<Problem>();
    RULES.forEach(rule -> rule.check(settings, problems));
    return problems;
  }

  /**
   * The CloudBase settings every profile needs (also checked outside {@code prod}, by {@code UserDirectories}): one
   * {@link Problem} per missing or wrong property.
   */
  public static List<Problem> cloudBaseProblems(Config config) {
    var problems = new ArrayList<Problem>();
    cloudBase(new Settings(config), problems);
    return problems;
  }

  static void cloudBase(Settings settings, List<Problem> problems) {
    settings.required("gateway.cloudbase.url", "the CloudBase origin, e.g. https://<env id>.api.tcloudbasegateway.com", problems)
        .filter(url -> !isHttpUrl(url))
        .ifPresent(url -> problems.add(new Problem("gateway.cloudbase.url", url + " is not an http(s):// URL with a host")));
    settings.required("gateway.cloudbase.env-id", "the CloudBase environment id", problems);
    var directory = settings.value("gateway.cloudbase.directory").orElse("tcb");
    // a placeholder is reported as such and counts as not set
    var set = new HashMap<String, Boolean>();
    for (var name : List.of("secret-id", "secret-key", "api-key")) {
      var property = "gateway.cloudbase." + name;
      var value = settings.value(property);
      if (value.filter(v -> v.equalsIgnoreCase("CHANGE_ME")).isPresent()) {
        problems.add(new Problem(property, "still the template's placeholder CHANGE_ME"));
      }
      set.put(name, value.filter(v -> !v.equalsIgnoreCase("CHANGE_ME")).isPresent());
    }
    boolean secretId = set.get("secret-id");
    boolean secretKey = set.get("secret-key");
    var keyPair = secretId && secretKey;
    String hint = null;
    if (directory.equals("tcb") && !keyPair) {
      hint = "required with gateway.cloudbase.directory=tcb: the key pair signs the tcb API calls";
    } else if (secretId != secretKey) {
      hint = "gateway.cloudbase.secret-id and gateway.cloudbase.secret-key are set both or neither";
    } else if (directory.equals("http") && !keyPair && !set.get("api-key")) {
      missing(settings, "gateway.cloudbase.api-key", "required with gateway.cloudbase.directory=http unless gateway.cloudbase.secret-id"
          + " and gateway.cloudbase.secret-key are set", problems);
    }
    if (hint != null) {
      if (!secretId) {
        missing(settings, "gateway.cloudbase.secret-id", hint, problems);
      }
      if (!secretKey) {
        missing(settings, "gateway.cloudbase.secret-key", hint, problems);
      }
    }
  }

  /** A "missing" problem, unless the property holds a placeholder (already reported as such). */
  static void missing(Settings settings, String property, String hint, List<Problem> problems) {
    if (settings.value(property).isEmpty()) {
      problems.add(new Problem(property, "missing (" + hint + ")"));
    }
  }

  static boolean isHttpUrl(String url) {
    try {
      var uri = new URI(url);
      return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static void codeKey(Settings settings, List<Problem> problems) {
    settings
        .required("gateway.flow.code-hmac-key", "at least " + MIN_KEY_LENGTH + " random characters, e.g. openssl rand -base64 48", problems)
        .filter(key -> key.length() < MIN_KEY_LENGTH)
        .ifPresent(key -> problems
            .add(new Problem("gateway.flow.code-hmac-key", "has " + key.length() + " characters, needs at least " + MIN_KEY_LENGTH)));
  }

  static void sms(Settings settings, List<Problem> problems) {
    if (!settings.value("gateway.sms.provider").orElse("tencent").equals("tencent")) {
      return;
    }
    var hint = "required with gateway.sms.provider=tencent";
    for (var name : List.of("secret-id", "secret-key", "sdk-app-id", "template-id")) {
      settings.required("gateway.sms." + name, hint, problems);
    }
    var countries = settings.values("gateway.policy.sms-countries");
    if (countries.isEmpty() || countries.stream().anyMatch(c -> c.equalsIgnoreCase("CN"))) {
      settings.required("gateway.sms.sign-name", "required for mainland China numbers (gateway.policy.sms-countries has CN)", problems);
    }
  }

  static void smtp(Settings settings, List<Problem> problems) {
    if (!settings.value("gateway.email.provider").orElse("smtp").equals("smtp")) {
      return;
    }
    var host = settings.value("quarkus.mailer.host");
    if (host.isEmpty() || List.of("localhost", "127.0.0.1", "::1").contains(host.get().toLowerCase(Locale.ROOT))) {
      problems.add(new Problem("quarkus.mailer.host", "not set to an SMTP server (" + host.orElse("empty")
          + "), e.g. smtp.qcloudmail.com; required with gateway.email.provider=smtp"));
    }
    var from = settings.required("quarkus.mailer.from", "the sender address of code e-mails", problems);
    from.filter(address -> EXAMPLE_DOMAIN.matcher(address).matches())
        .ifPresent(address -> problems
            .add(new Problem("quarkus.mailer.from", address + " is a placeholder address: set a sender of your mail domain")));
    var password = settings.value("quarkus.mailer.password");
    if (password.filter(p -> p.equalsIgnoreCase("CHANGE_ME")).isPresent()) {
      problems.add(new Problem("quarkus.mailer.password", "still the template's placeholder CHANGE_ME"));
    }
  }

  static void redis(Settings settings, List<Problem> problems) {
    if (settings.value("quarkus.redis.hosts-provider-name").isPresent()) {
      return;
    }
    var hosts = settings.values("quarkus.redis.hosts");
    if (hosts.isEmpty()) {
      problems.add(new Problem("quarkus.redis.hosts", "missing (redis://host:6379, or the sentinels / cluster nodes)"));
    }
    hosts.stream().filter(h -> !h.startsWith("redis://") && !h.startsWith("rediss://"))
        .forEach(h -> problems.add(new Problem("quarkus.redis.hosts", h + " is not a redis:// or rediss:// URI")));
  }

  static void trustedProxies(Settings settings, List<Problem> problems) {
    for (var entry : settings.values("gateway.policy.trusted-proxies")) {
      var slash = entry.indexOf('/');
      if (slash < 0) {
        continue;
      }
      int prefix;
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        problems.add(new Problem("gateway.policy.trusted-proxies", entry + " is not an address or CIDR range"));
        continue;
      }
      var ipv6 = entry.contains(":");
      if (prefix < (ipv6 ? 64 + NARROWEST_TRUSTED_PREFIX : NARROWEST_TRUSTED_PREFIX)) {
        problems.add(new Problem("gateway.policy.trusted-proxies", entry + " is too wide: any client in it can choose the client IP the"
            + " per-IP limits see; list the ingress pods' addresses or their narrow range"));
      }
    }
  }

  static void cors(Settings settings, List<Problem> problems) {
    for (var origin : settings.values("quarkus.http.cors.origins")) {
      if (origin.equals("*") || origin.startsWith("/")) {
        problems.add(new Problem("quarkus.http.cors.origins", origin + " lets any web page call the gateway with a user's token; list the"
            + " web origins (https://app.example.org)"));
      }
    }
  }

  /** Local mode's sandbox provider tokens would let anyone bind the emulator's identity without a linking round. */
  static void providerSandbox(Settings settings, List<Problem> problems) {
    if (!settings.values("gateway.provider.sandbox-tokens").isEmpty()) {
      problems.add(
          new Problem("gateway.provider.sandbox-tokens", "is for local mode only: a listed provider token binds without a linking round"));
    }
  }

  static void webhooks(Settings settings, List<Problem> problems) {
    var endpoints = settings.values("gateway.webhooks.endpoints");
    if (endpoints.isEmpty()) {
      return;
    }
    settings
        .required("gateway.webhooks.secret", "the signing key, at least " + MIN_KEY_LENGTH + " characters, required with endpoints",
            problems)
        .filter(secret -> secret.length() < MIN_KEY_LENGTH)
        .ifPresent(secret -> problems
            .add(new Problem("gateway.webhooks.secret", "has " + secret.length() + " characters, needs at least " + MIN_KEY_LENGTH)));
    var allowHttp = settings.value("gateway.webhooks.allow-http").map(Boolean::parseBoolean).orElse(false);
    endpoints.stream().filter(e -> !e.startsWith("https://") && !(allowHttp && e.startsWith("http://")))
        .forEach(e -> problems.add(new Problem("gateway.webhooks.endpoints", e + " is not https://")));
  }
}
