package io.associationgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.StreamSupport;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/** One event loop per core by default (Quarkus's own default is two); a configured number still wins. */
@QuarkusTest
class EventLoopsPerCoreTest extends GatewayTest {

  @Inject
  Vertx vertx;

  @Test
  void theGatewayRunsOneEventLoopPerCore() {
    // Quarkus's own default gives the same number on two cores or more, so the setting's source is checked too
    var setting = ConfigProvider.getConfig().getConfigValue(EventLoopsPerCore.PROPERTY);
    assertThat(setting.getSourceName()).isEqualTo("EventLoopsPerCore");
    assertThat(setting.getValue()).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    var loops = StreamSupport.stream(((VertxInternal) this.vertx).getEventLoopGroup().spliterator(), false).count();
    assertThat(loops).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void applicationPropertiesTheEnvironmentAndSystemPropertiesOverrideIt() {
    for (var ordinal : new int[]{250, 300, 400}) {
      var config = new SmallRyeConfigBuilder().withSources(new EventLoopsPerCore())
          .withSources(new PropertiesConfigSource(Map.of(EventLoopsPerCore.PROPERTY, "7"), "configured", ordinal)).build();
      assertThat(config.getValue(EventLoopsPerCore.PROPERTY, Integer.class)).as("ordinal %d", ordinal).isEqualTo(7);
    }
    var alone = new SmallRyeConfigBuilder().withSources(new EventLoopsPerCore()).build();
    assertThat(alone.getValue(EventLoopsPerCore.PROPERTY, Integer.class)).isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
