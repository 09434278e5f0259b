package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What running the image ({@link ImageIT}) cannot show, because the test builds on a locally made base: the default
 * base image is pinned by digest, and the Dockerfile's only build-time command is the AOT cache's training start, {@code java}
 * in exec form, so it also builds on a base without a shell (the default one has none). Everything else about the image
 * is checked by building and running it.
 */
class DockerfileTest {

  static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
  static final Pattern BASE_ARG = Pattern.compile("(?m)^ARG BASE_IMAGE=(\\S+)$");
  /** The AOT cache's training start: the image's own java writes the cache during a complete start that ends by itself. */
  static final String TRAINING_START = "[\"java\", \"-XX:AOTCacheOutput=/deployments/app.aot\", \"@/deployments/jvm.args\", "
      + "\"@/deployments/aot-training.args\", \"-jar\", \"/deployments/quarkus-run.jar\"]";
  static final String ENTRYPOINT = "[\"java\", \"-XX:AOTCache=/deployments/app.aot\", \"-Djava.library.path=/deployments/native\", "
      + "\"@/deployments/jvm.args\", \"-jar\", \"/deployments/quarkus-run.jar\"]";

  /** One instruction, continuation lines joined. */
  record Instruction(int line, String keyword, String args) {
  }

  static String dockerfile() throws IOException {
    return Files.readString(projectDir().resolve("src/main/docker/Dockerfile.jvm"));
  }

  @Test
  void theRealDockerfileHasNoViolations() throws IOException {
    assertThat(violations(dockerfile())).isEmpty();
  }

  static Stream<Arguments> brokenCopies() {
    return Stream.of(
        Arguments.of("base by tag only", (UnaryOperator<String>) t -> t.replaceAll("(?m)^(ARG BASE_IMAGE=[^@\\s]+)@\\S+", "$1:nonroot"),
            "digest"),
        Arguments.of("base without a default", (UnaryOperator<String>) t -> t.replaceAll("(?m)^ARG BASE_IMAGE=\\S+", "ARG BASE_IMAGE"),
            "BASE_IMAGE"),
        Arguments.of("fixed base", (UnaryOperator<String>) t -> t.replace("FROM ${BASE_IMAGE}", "FROM debian:12"), "FROM ${BASE_IMAGE}"),
        Arguments.of("a shell RUN step",
            (UnaryOperator<String>) t -> t.replace("WORKDIR /deployments", "RUN mkdir -p /deployments\nWORKDIR /deployments"), "RUN"),
        Arguments.of("no training start", (UnaryOperator<String>) t -> t.replaceAll("(?m)^RUN .*$", ""), "exactly one RUN"),
        Arguments.of("a cache the entrypoint does not map",
            (UnaryOperator<String>) t -> t.replace("\"-XX:AOTCache=/deployments/app.aot\", ", ""), "ENTRYPOINT"),
        Arguments.of("a training start that never ends",
            (UnaryOperator<String>) t -> t.replace("\"@/deployments/aot-training.args\", ", ""), "training start"),
        Arguments.of("the base's launcher",
            (UnaryOperator<String>) t -> t.replaceAll("(?m)^ENTRYPOINT .*$", "ENTRYPOINT [\"/opt/jboss/container/java/run/run-java.sh\"]"),
            "ENTRYPOINT"),
        Arguments.of("BoringSSL left to be copied to /tmp",
            (UnaryOperator<String>) t -> t.replace("\"-Djava.library.path=/deployments/native\", ", ""), "ENTRYPOINT"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenCopies")
  void aBrokenCopyIsReported(String what, UnaryOperator<String> breakIt, String expected) throws IOException {
    var original = dockerfile();
    var copy = breakIt.apply(original);
    assertThat(copy).as("the mutation changed the file").isNotEqualTo(original);
    assertThat(violations(copy)).as(what).anySatisfy(v -> assertThat(v).contains(expected));
  }

  /** What is wrong with {@code text} as the gateway's Dockerfile, for what running the image cannot show. */
  static List<String> violations(String text) {
    var found = new ArrayList<String>();
    var base = BASE_ARG.matcher(text);
    if (!base.find()) {
      found.add("no `ARG BASE_IMAGE=<default>`: the base image is a build argument with a default");
    } else if (!DIGEST.matcher(base.group(1)).find()) {
      found.add("the default BASE_IMAGE " + base.group(1) + " is not pinned by digest (@sha256:...)");
    }
    var instructions = parse(text);
    var froms = instructions.stream().filter(i -> i.keyword().equals("FROM")).toList();
    if (froms.size() != 1 || !froms.get(0).args().equals("${BASE_IMAGE}")) {
      found.add("the image must be built FROM ${BASE_IMAGE} in one stage: " + froms);
    }
    instructions.stream().filter(i -> i.keyword().equals("RUN") && !i.args().equals(TRAINING_START))
        .forEach(i -> found.add("line " + i.line() + ": the one RUN is the AOT cache's training start " + TRAINING_START
            + " (anything else needs a shell or tools in the base; the default base has none)"));
    if (instructions.stream().filter(i -> i.keyword().equals("RUN")).count() != 1) {
      found.add("exactly one RUN, the AOT cache's training start, writes the cache the ENTRYPOINT maps");
    }
    var entrypoints = instructions.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).toList();
    if (entrypoints.size() != 1 || !entrypoints.get(0).args().equals(ENTRYPOINT)) {
      found.add("ENTRYPOINT must be " + ENTRYPOINT + " (no script of the base): " + entrypoints);
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
      var trimmed = lines[n].trim();
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

  static Path projectDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  }
}
