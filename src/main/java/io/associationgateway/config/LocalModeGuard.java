package io.associationgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The {@code prod} profile refuses to start with any local-mode stand-in switched on. Part of the production build (which
 * holds no stand-in: they are built only into the local build, {@code src/local/java}), so a production deployment
 * configured for local mode stops at startup with the reason instead of failing on its first request. The local
 * stand-ins call {@link #refuseInProd} too, for the local build started with the {@code prod} profile.
 */
@Singleton
public class LocalModeGuard {

  /** The name of local mode's Redis hosts provider ({@code quarkus.redis.hosts-provider-name}). */
  public static final String EMBEDDED_REDIS = "embedded-redis";

  private final boolean emulator;
  private final boolean outbox;
  private final SmsConfig sms;
  private final EmailConfig email;
  private final FlowConfig flow;
  private final Optional<String> redisHostsProvider;

  // gateway.local.* are read as plain properties: their mapping (LocalConfig) is part of the local build only
  public LocalModeGuard(SmsConfig sms, EmailConfig email, FlowConfig flow,
      @ConfigProperty(name = "gateway.local.emulator", defaultValue = "false") boolean emulator,
      @ConfigProperty(name = "gateway.local.outbox", defaultValue = "false") boolean outbox,
      @ConfigProperty(name = "quarkus.redis.hosts-provider-name") Optional<String> redisHostsProvider) {
    this.emulator = emulator;
    this.outbox = outbox;
    this.sms = sms;
    this.email = email;
    this.flow = flow;
    this.redisHostsProvider = redisHostsProvider;
  }

  void check(@Observes StartupEvent start) {
    if (!ConfigUtils.getProfiles().contains("prod")) {
      return;
    }
    var problems = localStandIns();
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "the prod profile refuses to start with local-mode stand-ins switched on: " + String.join(", ", problems));
    }
    this.flow.sandboxRecipients().filter(entries -> !entries.isEmpty()).ifPresent(
        entries -> Log.warnf("gateway.flow.sandbox-recipients has %d entries in prod: those addresses get fixed codes", entries.size()));
  }

  /** The local-mode stand-ins that are switched on. */
  List<String> localStandIns() {
    var on = new ArrayList<String>();
    if (this.emulator) {
      on.add("gateway.local.emulator");
    }
    if (this.outbox) {
      on.add("gateway.local.outbox");
    }
    if (this.sms.provider() == SmsConfig.Provider.outbox) {
      on.add("gateway.sms.provider=outbox");
    }
    if (this.email.provider() == EmailConfig.Provider.outbox) {
      on.add("gateway.email.provider=outbox");
    }
    if (this.redisHostsProvider.filter(EMBEDDED_REDIS::equals).isPresent()) {
      on.add("quarkus.redis.hosts-provider-name=" + EMBEDDED_REDIS);
    }
    return on;
  }

  /** Fails when called under the prod profile; for stand-ins that start before the startup check runs. */
  public static void refuseInProd(String what) {
    if (ConfigUtils.getProfiles().contains("prod")) {
      throw new IllegalStateException("the prod profile refuses to start " + what);
    }
  }
}
