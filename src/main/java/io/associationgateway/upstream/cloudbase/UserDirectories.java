package io.associationgateway.upstream.cloudbase;

import java.util.ArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.associationgateway.config.CloudBaseConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The {@link UserDirectory} named by {@code gateway.cloudbase.directory} (the other one is never created), and the
 * startup check that the credentials it needs are configured: one line per problem, naming the property.
 */
@ApplicationScoped
public class UserDirectories {

  private final CloudBaseConfig config;

  public UserDirectories(CloudBaseConfig config) {
    this.config = config;
  }

  @Produces
  @ApplicationScoped
  UserDirectory directory(Instance<HttpUserDirectory> http, Instance<TcbUserDirectory> tcb) {
    return this.config.directory() == CloudBaseConfig.Directory.tcb ? tcb.get() : http.get();
  }

  void check(@Observes StartupEvent start) {
    var problems = new ArrayList<String>();
    var keyPair = present(this.config.secretId().orElse(null)) && present(this.config.secretKey().orElse(null));
    if (present(this.config.secretId().orElse(null)) != present(this.config.secretKey().orElse(null))) {
      problems.add("gateway.cloudbase.secret-id and gateway.cloudbase.secret-key: set both or neither");
    }
    if (this.config.directory() == CloudBaseConfig.Directory.tcb && !keyPair) {
      problems.add("gateway.cloudbase.directory=tcb: needs gateway.cloudbase.secret-id and gateway.cloudbase.secret-key (TC3 signature)");
    }
    if (this.config.directory() == CloudBaseConfig.Directory.http && !keyPair && !present(this.config.apiKey().orElse(null))) {
      problems.add("gateway.cloudbase.directory=http: needs gateway.cloudbase.api-key, or gateway.cloudbase.secret-id and secret-key");
    }
    if (!present(this.config.envId())) {
      problems.add("gateway.cloudbase.env-id: the CloudBase environment id is required");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("CloudBase settings:\n  " + String.join("\n  ", problems));
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
