package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The production build ({@code target/quarkus-app}, made by {@code mvn package -Dprod}; {@code verify} makes it before
 * the integration tests) holds nothing of local mode: no class compiled from {@code src/local/java}, no generated bean
 * of one, no {@code embedded-redis} jar, no Redis binary. The local build ({@code target/local-app}) holds them, which
 * shows that the scan finds what it looks for. ImageIT scans the production image the same way.
 */
class ProductionArtefactIT {

  static final Path PRODUCTION = Path.of(System.getProperty("prod.app.jar", "target/quarkus-app/quarkus-run.jar")).getParent();
  static final Path LOCAL = Path.of(System.getProperty("app.jar", "target/local-app/quarkus-run.jar")).getParent();

  @Test
  void theProductionBuildHoldsNoLocalModeClassAndNoRedisBinary() {
    assertThat(PRODUCTION.resolve("quarkus-run.jar")).as("the production build (mvn package -Dprod)").exists();
    assertThat(LocalModeContent.in(PRODUCTION)).isEmpty();
  }

  @Test
  void theLocalBuildHoldsThemAll() {
    var found = LocalModeContent.in(LOCAL);
    assertThat(found).as("the emulators, the outbox, their generated beans, LocalConfig")
        .anySatisfy(f -> assertThat(f).startsWith("local-mode class io/associationgateway/local/CloudBaseEmulator.class"))
        .anySatisfy(f -> assertThat(f).startsWith("local-mode class io/associationgateway/local/Outbox.class"))
        .anySatisfy(f -> assertThat(f)
            .matches("local-mode class io/associationgateway/local/Outbox_Bean\\.class in quarkus/generated-bytecode\\.jar"))
        .anySatisfy(f -> assertThat(f).startsWith("local-mode class io/associationgateway/config/LocalConfig"));
    assertThat(found).as("the embedded-redis jar and its Redis binaries")
        .anySatisfy(f -> assertThat(f).startsWith("embedded-redis jar lib/main/com.github.codemonstur.embedded-redis"))
        .anySatisfy(f -> assertThat(f).startsWith("Redis binary redis-server-6.2.6-v5-linux-amd64"));
  }
}
