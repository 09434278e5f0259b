package io.associationgateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README cannot drift from what is tested: its quick-start scripts are byte for byte {@code examples/*.sh} (which
 * {@code QuickStartIT} runs), and its links stay inside the repository or go to public documentation.
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("README.md");
  private static final Pattern BASH_BLOCK = Pattern.compile("(?m)^```bash\n(.*?)^```$", Pattern.DOTALL);
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  /** Public documentation the docs may point to; everything else is a file of this repository. */
  private static final List<String> PUBLIC_DOCS = List.of("https://docs.cloudbase.net/", "https://cloud.tencent.com/document/",
      "https://www.tencentcloud.com/document/", "https://jqwik.net/", "https://quarkus.io/", "https://openapi-generator.tech/",
      "https://www.openapis.org/", "https://kubernetes.io/docs/", "https://podman.io/docs", "https://www.npmjs.com/package/");

  @Test
  void everyExampleScriptIsInTheReadmeByteForByte() throws IOException {
    var blocks = bashBlocks();
    var scripts = scripts();
    assertThat(scripts).as("examples/*.sh").extracting(Path::toString)
        .containsExactlyInAnyOrder("examples/email.sh", "examples/phone.sh", "examples/wechat.sh");
    for (var script : scripts) {
      assertThat(blocks).as("a ```bash block of README.md equal to %s", script).contains(Files.readString(script));
    }
  }

  @Test
  void everyScriptBlockOfTheReadmeIsAnExampleThatATestRuns() throws IOException {
    var contents = new ArrayList<String>();
    for (var script : scripts()) {
      contents.add(Files.readString(script));
    }
    assertThat(bashBlocks().stream().filter(block -> block.startsWith("#!"))).as("README scripts not in examples/")
        .allSatisfy(block -> assertThat(contents).contains(block)).hasSize(contents.size());
  }

  @Test
  void theQuickStartComesBeforeTheReference() throws IOException {
    var readme = Files.readString(README);
    assertThat(readme).startsWith("# Association Gateway\n\n```bash\n./mvnw quarkus:dev ");
    var quickStart = readme.indexOf("\n## Quick start\n");
    assertThat(quickStart).as("a Quick start section").isPositive();
    assertThat(readme.indexOf("\n## ")).as("the first section is the quick start").isEqualTo(quickStart);
    assertThat(readme.substring(quickStart)).contains("`q`").contains("JDK 17");
  }

  @Test
  void linksStayInTheRepositoryOrGoToPublicDocumentation() throws IOException {
    var files = new ArrayList<Path>(List.of(README, Path.of("BENCHMARKS.md")));
    if (Files.isDirectory(Path.of("docs"))) {
      try (Stream<Path> docs = Files.list(Path.of("docs"))) {
        docs.filter(path -> path.toString().endsWith(".md")).forEach(files::add);
      }
    }
    var root = Path.of("").toAbsolutePath().normalize();
    for (var file : files) {
      var matcher = LINK.matcher(Files.readString(file));
      while (matcher.find()) {
        var target = matcher.group(1);
        if (target.startsWith("#")) {
          continue;
        }
        if (target.contains("://")) {
          assertThat(PUBLIC_DOCS).as("%s links to %s", file, target).anyMatch(target::startsWith);
          continue;
        }
        var path = file.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
        assertThat(path).as("%s links to %s", file, target).startsWith(root).exists();
      }
    }
  }

  private static List<String> bashBlocks() throws IOException {
    var matcher = BASH_BLOCK.matcher(Files.readString(README));
    var blocks = new ArrayList<String>();
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  private static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(path -> path.toString().endsWith(".sh")).sorted().toList();
    }
  }
}
