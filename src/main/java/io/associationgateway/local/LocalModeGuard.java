package io.associationgateway.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.associationgateway.config.EmailConfig;
import io.associationgateway.config.FlowConfig;
import io.associationgateway.config.LocalConfig;
import io.associationgateway.config.SmsConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/** The {@code prod} profile refuses to start with any local-mode stand-in switched on. */
@Singleton
public class LocalModeGuard {

  private final LocalConfig local;
  private final SmsConfig sms;
  private final EmailConfig email;
  private final FlowConfig flow;
  private final Optional<String> redisHostsProvider;

  public LocalModeGuard(LocalConfig local, SmsConfig sms, EmailConfig email, FlowConfig flow,
      @ConfigProperty(name = "quarkus.redis.hosts-provider-name") Optional<String> redisHostsProvider) {
    this.local = local;
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
      throw new IllegalStateException("the prod profile refuses to start with local-mode stand-ins switched on: " + String.join(", ", problems));
    }
    this.flow.sandboxRecipients().filter(entries -> !entries.isEmpty()).ifPresent(entries ->
        Log.warnf("gateway.flow.sandbox-recipients has %d entries in prod: those addresses get fixed codes", entries.size()));
  }

  /** The local-mode stand-ins that are switched on. */
  List<String> localStandIns() {
    var on = new ArrayList<String>();
    if (this.local.emulator()) {
      on.add("gateway.local.emulator");
    }
    if (this.local.outbox()) {
      on.add("gateway.local.outbox");
    }
    if (this.sms.provider() == SmsConfig.Provider.outbox) {
      on.add("gateway.sms.provider=outbox");
    }
    if (this.email.provider() == EmailConfig.Provider.outbox) {
      on.add("gateway.email.provider=outbox");
    }
    if (this.redisHostsProvider.filter(EmbeddedRedisHostsProvider.NAME::equals).isPresent()) {
      on.add("quarkus.redis.hosts-provider-name=" + EmbeddedRedisHostsProvider.NAME);
    }
    return on;
  }

  /** Fails when called under the prod profile; for stand-ins that start before the startup check runs. */
  static void refuseInProd(String what) {
    if (ConfigUtils.getProfiles().contains("prod")) {
      throw new IllegalStateException("the prod profile refuses to start " + what);
    }
  }
}
