package io.associationgateway.upstream.cloudbase;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.associationgateway.config.CloudBaseConfig;
import io.associationgateway.config.ProductionSettingsCheck;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * The {@link UserDirectory} named by {@code gateway.cloudbase.directory} (the other one is never created), and the
 * startup check of the CloudBase settings outside {@code prod}: one line per problem, naming the property.
 */
@Singleton
public class UserDirectories {

  private final CloudBaseConfig config;
  private final Config settings;

  public UserDirectories(CloudBaseConfig config, Config settings) {
    this.config = config;
    this.settings = settings;
  }

  @Produces
  @Singleton
  UserDirectory directory(Instance<HttpUserDirectory> http, Instance<TcbUserDirectory> tcb) {
    return this.config.directory() == CloudBaseConfig.Directory.tcb ? tcb.get() : http.get();
  }

  /**
   * Outside the {@code prod} profile, refuses to start while a CloudBase setting is missing or wrong (one line per
   * problem, naming the property). Under {@code prod}, {@link ProductionSettingsCheck} reports the same problems
   * together with every other production setting, so that one start shows them all.
   */
  void check(@Observes StartupEvent start) {
    if (ConfigUtils.getProfiles().contains("prod")) {
      return;
    }
    var problems = ProductionSettingsCheck.cloudBaseProblems(this.settings).stream().map(Object::toString).toList();
    if (!problems.isEmpty()) {
      throw new IllegalStateException("CloudBase settings:\n  " + String.join("\n  ", problems));
    }
  }
}
