package io.associationgateway.api;

import org.eclipse.microprofile.config.ConfigProvider;

import io.associationgateway.config.StartupConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The process once Quarkus has started it: serves until stopped (SIGTERM, {@link ShutdownGate}), or, with
 * {@code gateway.startup.exit-after-start} (the image build's AOT training start), sends itself its probe requests
 * ({@link TrainingProbes}) and ends with status 0.
 */
@QuarkusMain
public class GatewayMain implements QuarkusApplication {

  private final StartupConfig startup;
  private final TrainingProbes probes;

  public GatewayMain(StartupConfig startup, TrainingProbes probes) {
    this.startup = startup;
    this.probes = probes;
  }

  @Override
  public int run(String... args) {
    if (this.startup.exitAfterStart()) {
      // the port the server listens on: the training start asks for a free one (port 0), and Quarkus sets the
      // property to the port it got once the server listens
      int port = ConfigProvider.getConfig().getValue("quarkus.http.port", Integer.class);
      var statuses = this.probes.send(port);
      Log.infof("started with gateway.startup.exit-after-start: %d probe requests answered (%s); ending the process"
          + " (an AOT training start)", statuses.size(), statuses.stream().distinct().sorted().toList());
      return 0;
    }
    Quarkus.waitForExit();
    return 0;
  }
}
