package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.associationgateway.config.ProductionSettingsCheck;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The image build's training start ({@code src/main/docker/aot-training.args}, after {@code jvm.args}) is a complete
 * production start that ends by itself and reaches nothing: its placeholder settings pass the production settings check
 * (or the start, and so the image build, would fail), it ends once started, and every address it names is closed or
 * cannot resolve. Its JVM flags change nothing the cache depends on. {@link AotCacheIT} runs it in the image.
 */
class AotTrainingArgsTest {

  static List<String> args() throws IOException {
    return Files.readAllLines(DockerfileTest.projectDir().resolve("src/main/docker/aot-training.args")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  static Map<String, String> properties() throws IOException {
    var properties = new LinkedHashMap<String, String>();
    args().stream().filter(a -> a.startsWith("-D")).forEach(a -> {
      var eq = a.indexOf('=');
      properties.put(a.substring(2, eq), a.substring(eq + 1));
    });
    return properties;
  }

  @Test
  void itsPlaceholdersPassTheProductionSettingsCheck() throws IOException {
    var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties(), "aot-training.args", 500)).build();
    assertThat(new ProductionSettingsCheck(config).problems()).isEmpty();
  }

  @Test
  void theStartEndsByItself() throws IOException {
    assertThat(properties()).containsEntry("gateway.startup.exit-after-start", "true");
  }

  @Test
  void everyAddressItNamesReachesNothing() throws IOException {
    var properties = properties();
    assertThat(properties).containsEntry("quarkus.http.host", "127.0.0.1");
    properties.forEach((name, value) -> {
      if (value.contains("://")) {
        assertThat(value).as(name).matches("[a-z]+://127\\.0\\.0\\.1:9/?");
      }
    });
    assertThat(properties.get("quarkus.mailer.host")).endsWith(".invalid");
    assertThat(properties.get("quarkus.mailer.from")).endsWith(".invalid");
  }

  @Test
  void itsJvmFlagsLeaveTheCacheValidForTheEntrypoint() throws IOException {
    // the cache records the GC, heap-layout and class-path flags it was made with; the training start must add none
    assertThat(args().stream().filter(a -> !a.startsWith("-D"))).containsExactly("-XX:-UsePerfData");
    // BoringSSL loads from where the entrypoint loads it, so the cache holds that path, not a copy in /dev/shm
    assertThat(properties()).containsEntry("java.library.path", "/deployments/native");
  }
}
