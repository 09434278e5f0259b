package io.associationgateway.api;

import io.associationgateway.config.StartupConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The process once Quarkus has started it: serves until stopped (SIGTERM, {@link ShutdownGate}), or, with
 * {@code gateway.startup.exit-after-start} (the image build's AOT training start), ends at once with status 0.
 */
@QuarkusMain
public class GatewayMain implements QuarkusApplication {

  private final StartupConfig startup;

  public GatewayMain(StartupConfig startup) {
    this.startup = startup;
  }

  @Override
  public int run(String... args) {
    if (this.startup.exitAfterStart()) {
      Log.info("started with gateway.startup.exit-after-start: ending the process (an AOT training start)");
      return 0;
    }
    Quarkus.waitForExit();
    return 0;
  }
}
