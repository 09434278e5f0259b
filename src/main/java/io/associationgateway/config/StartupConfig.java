package io.associationgateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the process ends: when stopped, or (for the image's AOT training start) once it has started. */
@ConfigMapping(prefix = "gateway.startup")
public interface StartupConfig {

  /**
   * End the process once its start has completed (every start-up observer run, the HTTP server listening) and it has
   * sent itself its startup, readiness and liveness probes ({@code TrainingProbes}): with status 0, or 1 when a probe
   * got no answer. Without it the process serves until stopped. Only the image build sets it: its training start
   * ({@code src/main/docker/aot-training.args}) runs a complete start with placeholder settings so that the JVM's AOT
   * cache holds every class a real start loads and links, and, through the probes, the classes and profiles of the
   * first requests a real start answers. It serves no other request. The production settings check still runs first,
   * so the placeholders must pass it.
   * <p>Defaults to {@code false}.</p>
   */
  @WithDefault("false")
  boolean exitAfterStart();
}
