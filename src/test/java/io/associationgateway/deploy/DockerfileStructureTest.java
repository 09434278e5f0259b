package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Static checks of {@code src/main/docker/Dockerfile.jvm} and {@code Dockerfile.native} (no container engine needed):
 * pinned base images, a non-root final user, Quarkus' layered copies, ports 8080 (API) and 9000 (management), a health
 * check on the management port, no baked-in secrets.
 * The checker itself is tested on broken copies of the real files, so a check that stops working fails the build.
 */
class DockerfileStructureTest {

  /** The two images and what differs between them. */
  enum Image {
    JVM("Dockerfile.jvm"), NATIVE("Dockerfile.native");

    final String file;

    Image(String file) {
      this.file = file;
    }

    String text() throws IOException {
      return Files.readString(projectDir().resolve("src/main/docker").resolve(this.file));
    }
  }

  /** The four fast-jar layers, in the order that lets the dependency layers be reused. */
  static final List<String> JVM_LAYERS = List.of(
      "target/quarkus-app/lib/ /deployments/lib/",
      "target/quarkus-app/*.jar /deployments/",
      "target/quarkus-app/app/ /deployments/app/",
      "target/quarkus-app/quarkus/ /deployments/quarkus/");

  static final Pattern SECRET_NAME = Pattern.compile("SECRET|PASSWORD|PASSWD|KEY|TOKEN|CREDENTIAL", Pattern.CASE_INSENSITIVE);
  static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
  /** Tencent Cloud SecretId (AKID + 32), AWS access key id (AKIA/ASIA + 16). */
  static final Pattern ACCESS_KEY_ID = Pattern.compile("\\bAKID[0-9A-Za-z]{13,40}\\b|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");
  static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

  /** One instruction, continuation lines joined. */
  record Instruction(int line, String keyword, String args) {
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void theDockerfileHasNoViolations(Image image) throws IOException {
    assertThat(violations(image.text(), image)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Image.class)
  void theHeaderSaysHowToBuildAndRun(Image image) throws IOException {
    var text = image.text();
    var tag = image == Image.JVM ? "association-gateway:jvm" : "association-gateway:native";
    assertThat(text).contains("./mvnw package -DskipTests")
        .contains("docker build -f src/main/docker/" + image.file + " -t " + tag + " .")
        .contains("docker run").contains("-p 8080:8080").contains("-e GATEWAY_CLOUDBASE_URL=").contains(tag);
    assertThat(parse(text).get(0).keyword()).as("the header comes before the first instruction").isEqualTo("FROM");
  }

  @Test
  void theJvmImageKeepsQuarkusDefaults() throws IOException {
    var instructions = parse(Image.JVM.text());
    assertThat(envOf(instructions)).containsEntry("JAVA_APP_JAR", "/deployments/quarkus-run.jar");
    assertThat(instructions).anySatisfy(i -> {
      assertThat(i.keyword()).isEqualTo("ENTRYPOINT");
      assertThat(i.args()).contains("/opt/jboss/container/java/run/run-java.sh");
    });
  }

  /** Broken copies of the real files: each must be reported, with a message naming what is wrong. */
  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        broken(Image.JVM, "USER removed", t -> t.replaceAll("(?m)^USER .*\\n", ""), "USER"),
        broken(Image.NATIVE, "USER removed", t -> t.replaceAll("(?m)^USER .*\\n", ""), "USER"),
        broken(Image.JVM, "USER root", t -> t.replace("USER 185", "USER root"), "root"),
        broken(Image.NATIVE, "USER 0:0", t -> t.replace("USER 1001", "USER 0:0"), "root"),
        broken(Image.JVM, "root again at the end", t -> t + "\nUSER root\n", "root"),
        broken(Image.JVM, "latest tag", t -> t.replaceAll("(?m)^(FROM \\S+):\\S+", "$1:latest"), "pinned"),
        broken(Image.NATIVE, "no tag", t -> t.replaceAll("(?m)^(FROM \\S+):\\S+", "$1"), "pinned"),
        broken(Image.JVM, "tag without a version", t -> t.replaceAll("(?m)^(FROM \\S+):\\S+", "$1:stable"), "pinned"),
        broken(Image.JVM, "base image from a build argument", t -> t.replaceAll("(?m)^FROM \\S+", "ARG BASE\nFROM \\${BASE}"), "pinned"),
        broken(Image.JVM, "HEALTHCHECK removed", DockerfileStructureTest::withoutHealthcheck, "HEALTHCHECK"),
        broken(Image.NATIVE, "HEALTHCHECK removed", DockerfileStructureTest::withoutHealthcheck, "HEALTHCHECK"),
        broken(Image.JVM, "HEALTHCHECK NONE", t -> withoutHealthcheck(t) + "\nHEALTHCHECK NONE\n", "HEALTHCHECK"),
        broken(Image.JVM, "EXPOSE removed", t -> t.replace("EXPOSE 8080 9000\n", ""), "EXPOSE 8080"),
        broken(Image.NATIVE, "another port", t -> t.replace("EXPOSE 8080", "EXPOSE 9090"), "EXPOSE 8080"),
        broken(Image.JVM, "layers swapped", t -> swapLines(t, "COPY --chown=185 target/quarkus-app/lib/", "COPY --chown=185 target/quarkus-app/app/"), "COPY"),
        broken(Image.JVM, "one layer missing", t -> t.replaceAll("(?m)^COPY .*quarkus-app/quarkus/.*\\n", ""), "COPY"),
        broken(Image.JVM, "layer without --chown", t -> t.replace("COPY --chown=185 target/quarkus-app/app/", "COPY target/quarkus-app/app/"), "COPY"),
        broken(Image.NATIVE, "runner not copied", t -> t.replaceAll("(?m)^COPY .*\\n", ""), "-runner"),
        broken(Image.JVM, "JAVA_OPTS_APPEND without the log manager", t -> t.replace(" -Djava.util.logging.manager=org.jboss.logmanager.LogManager", ""), "JAVA_OPTS_APPEND"),
        broken(Image.JVM, "secret in ENV", t -> t + "\nENV GATEWAY_SMS_SECRET_KEY=s3cr3t-value\n", "GATEWAY_SMS_SECRET_KEY"),
        broken(Image.NATIVE, "secret in legacy ENV form", t -> t + "\nENV QUARKUS_MAILER_PASSWORD hunter2\n", "QUARKUS_MAILER_PASSWORD"),
        broken(Image.JVM, "secret as ARG default", t -> t + "\nARG NPM_TOKEN=abc123\n", "NPM_TOKEN"),
        broken(Image.JVM, "second secret on one ENV line", t -> t + "\nENV A=1 GATEWAY_FLOW_CODE_HMAC_KEY=\"0123456789abcdef\"\n", "GATEWAY_FLOW_CODE_HMAC_KEY"),
        broken(Image.NATIVE, "private key block", t -> t + "\n# -----BEGIN RSA PRIVATE KEY-----\n", "private key"),
        broken(Image.JVM, "Tencent SecretId", t -> t + "\n# AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\n", "access key id"),
        broken(Image.JVM, "LEGACY crypto policy", t -> t.replace("USER 185", "USER root\nRUN update-crypto-policies --set LEGACY\nUSER 185"), "LEGACY"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("brokenCopies")
  void aBrokenCopyIsReported(Image image, String what, UnaryOperator<String> breakIt, String expected) throws IOException {
    var original = image.text();
    var copy = breakIt.apply(original);
    assertThat(copy).as("the mutation changed the file").isNotEqualTo(original);
    assertThat(violations(copy, image)).as(what).anySatisfy(v -> assertThat(v).containsIgnoringCase(expected));
  }

  @Test
  void namesWithoutValuesAndHarmlessNamesAreNotSecrets() {
    var text = "FROM example.org/base:1.2@sha256:" + "a".repeat(64) + "\nARG GITHUB_TOKEN\nENV SECRET_FILE=\nENV JAVA_APP_JAR=/deployments/x.jar\n"
        + "EXPOSE 8080 9000\nHEALTHCHECK CMD [\"true\", \"/q/health/live\", \"9000\"]\nCOPY target/*-runner /work/application\nUSER 1001\n";
    assertThat(violations(text, Image.NATIVE)).isEmpty();
  }

  @Test
  void continuationLinesAndCommentsAreParsed() {
    var instructions = parse("# comment\nFROM a:1 AS build\nRUN echo one \\\n    # inner comment\n    && echo two\n\nuser 185\n");
    assertThat(instructions).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "USER");
    assertThat(instructions.get(1).args()).isEqualTo("echo one && echo two");
    assertThat(instructions.get(1).line()).isEqualTo(3);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Everything wrong with {@code text} as the given image's Dockerfile; empty when it is fine. */
  static List<String> violations(String text, Image image) {
    var found = new ArrayList<String>();
    var all = parse(text);
    int lastFrom = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    if (lastFrom < 0) {
      return List.of("no FROM instruction");
    }
    var stageNames = new ArrayList<String>();
    for (var i : all) {
      if (i.keyword().equals("FROM")) {
        var words = i.args().split("\\s+");
        var ref = Stream.of(words).filter(w -> !w.startsWith("--")).findFirst().orElse("");
        if (words.length >= 2 && words[words.length - 2].equalsIgnoreCase("AS")) {
          stageNames.add(words[words.length - 1]);
        }
        if (!stageNames.contains(ref) && !ref.equals("scratch") && !pinned(ref)) {
          found.add("line " + i.line() + ": base image " + ref + " is not pinned (a version tag with a digit, not latest, or an @sha256 digest)");
        }
      }
    }
    var finalStage = all.subList(lastFrom, all.size());

    var users = finalStage.stream().filter(i -> i.keyword().equals("USER")).toList();
    if (users.isEmpty()) {
      found.add("no USER in the final stage: the container would run as root");
    } else {
      var user = users.get(users.size() - 1).args().split(":")[0].trim();
      if (user.isEmpty() || user.equals("root") || user.equals("0")) {
        found.add("the last USER is root (" + users.get(users.size() - 1).args() + ")");
      }
    }

    var exposed = finalStage.stream().filter(i -> i.keyword().equals("EXPOSE"))
        .flatMap(i -> Stream.of(i.args().split("\\s+"))).map(p -> p.replace("/tcp", "")).toList();
    if (!exposed.contains("8080")) {
      found.add("no EXPOSE 8080");
    }
    if (!exposed.contains("9000")) {
      found.add("no EXPOSE 9000 (management port: health, metrics)");
    }

    var checks = finalStage.stream().filter(i -> i.keyword().equals("HEALTHCHECK")).toList();
    if (checks.isEmpty()) {
      found.add("no HEALTHCHECK");
    } else {
      var check = checks.get(checks.size() - 1).args();
      if (check.equalsIgnoreCase("NONE") || !check.contains("CMD") || !check.contains("/q/health/") || !check.contains("9000")) {
        found.add("the HEALTHCHECK does not call /q/health/ on the management port 9000: " + check);
      }
    }

    var copies = finalStage.stream().filter(i -> i.keyword().equals("COPY")).map(Instruction::args).toList();
    if (image == Image.JVM) {
      var layers = copies.stream().filter(c -> c.contains("target/quarkus-app/")).toList();
      var expected = JVM_LAYERS.stream().map(l -> "--chown=185 " + l).toList();
      if (!layers.equals(expected)) {
        found.add("the COPY layers are not Quarkus' four layers in order " + expected + ": " + layers);
      }
      var opts = envOf(finalStage).getOrDefault("JAVA_OPTS_APPEND", "");
      if (!opts.contains("-Dquarkus.http.host=0.0.0.0") || !opts.contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager")) {
        found.add("JAVA_OPTS_APPEND lacks -Dquarkus.http.host=0.0.0.0 or the JBoss log manager: " + opts);
      }
    } else {
      if (copies.stream().noneMatch(c -> c.matches("(--\\S+\\s+)*target/\\*-runner\\s+\\S+"))) {
        found.add("the native executable (target/*-runner) is not copied: " + copies);
      }
    }

    for (var i : all) {
      if (i.keyword().equals("ENV") || i.keyword().equals("ARG")) {
        assignments(i).forEach((name, value) -> {
          if (SECRET_NAME.matcher(name).find() && !value.isEmpty()) {
            found.add("line " + i.line() + ": " + i.keyword() + " " + name + " has a value; secrets are passed at run time");
          }
        });
      }
      if (i.keyword().equals("RUN") && i.args().matches("(?s).*update-crypto-policies\\s+--set\\s+LEGACY.*")) {
        found.add("line " + i.line() + ": switches the crypto policy to LEGACY");
      }
    }
    if (PRIVATE_KEY.matcher(text).find()) {
      found.add("contains a private key block");
    }
    var id = ACCESS_KEY_ID.matcher(text);
    if (id.find()) {
      found.add("contains something that looks like a cloud access key id: " + id.group());
    }
    return found;
  }

  /** {@code registry/name:tag}, {@code name@sha256:...} or both; a tag must carry a version (a digit) and not be latest. */
  static boolean pinned(String ref) {
    if (ref.contains("$")) {
      return false;
    }
    if (DIGEST.matcher(ref).find()) {
      return true;
    }
    var lastSlash = ref.lastIndexOf('/');
    var colon = ref.indexOf(':', lastSlash + 1);
    if (colon < 0) {
      return false;
    }
    var tag = ref.substring(colon + 1);
    return !tag.equalsIgnoreCase("latest") && tag.matches(".*\\d.*");
  }

  /** Instructions in order, with continuation lines joined and comment lines dropped. */
  static List<Instruction> parse(String text) {
    var result = new ArrayList<Instruction>();
    var lines = text.split("\\R", -1);
    var current = new StringBuilder();
    int start = 0;
    for (int n = 0; n < lines.length; n++) {
      var line = lines[n];
      var trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (current.length() == 0) {
        start = n + 1;
      }
      var continued = trimmed.endsWith("\\");
      current.append(continued ? trimmed.substring(0, trimmed.length() - 1).trim() : trimmed).append(' ');
      if (!continued) {
        var joined = current.toString().trim().replaceAll("\\s+", " ");
        var space = joined.indexOf(' ');
        var keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
        result.add(new Instruction(start, keyword, space < 0 ? "" : joined.substring(space + 1)));
        current.setLength(0);
      }
    }
    return result;
  }

  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)(?:=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*))?");

  /** Names and values of an ENV or ARG instruction ({@code K=V K2="v 2"}, the legacy {@code ENV K value}, {@code ARG K}). */
  static Map<String, String> assignments(Instruction i) {
    var result = new LinkedHashMap<String, String>();
    var args = i.args();
    if (i.keyword().equals("ENV") && !args.matches("^[A-Za-z_][A-Za-z0-9_.-]*=.*")) {
      var space = args.indexOf(' ');
      result.put(space < 0 ? args : args.substring(0, space), space < 0 ? "" : args.substring(space + 1).trim());
      return result;
    }
    Matcher m = ASSIGNMENT.matcher(args);
    while (m.find()) {
      var value = m.group(2) == null ? "" : m.group(2);
      if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      result.put(m.group(1), value);
    }
    return result;
  }

  static Map<String, String> envOf(List<Instruction> instructions) {
    var env = new LinkedHashMap<String, String>();
    instructions.stream().filter(i -> i.keyword().equals("ENV")).forEach(i -> env.putAll(assignments(i)));
    return env;
  }

  static Arguments broken(Image image, String what, UnaryOperator<String> breakIt, String expected) {
    return Arguments.of(image, what, breakIt, expected);
  }

  static String withoutHealthcheck(String text) {
    return text.replaceAll("(?m)^HEALTHCHECK (?:.*\\\\\\n)*.*\\n", "");
  }

  static String swapLines(String text, String firstPrefix, String secondPrefix) {
    var lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int a = -1;
    int b = -1;
    for (int n = 0; n < lines.size(); n++) {
      if (lines.get(n).startsWith(firstPrefix)) {
        a = n;
      } else if (lines.get(n).startsWith(secondPrefix)) {
        b = n;
      }
    }
    if (a < 0 || b < 0) {
      return text;
    }
    var first = lines.get(a);
    lines.set(a, lines.get(b));
    lines.set(b, first);
    return String.join("\n", lines);
  }

  /** The project directory (Surefire runs tests there and sets {@code basedir}). */
  static Path projectDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }
}
