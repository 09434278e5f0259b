package io.associationgateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import io.associationgateway.support.GatewayTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * What a traced step exports: the request's server span and one client span per upstream call, in one trace, and no
 * span per Redis command (those would outnumber the rest; Redis latency is in {@code gateway_redis_script_seconds}).
 */
@QuarkusTest
@TestProfile(TracingSpansTest.Tracing.class)
class TracingSpansTest extends GatewayTest {

  /** Tracing on, spans kept in memory; the shipped instrumentation settings otherwise. */
  public static class Tracing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "50ms");
    }
  }

  /** The exporter Quarkus's span processor hands finished spans to. */
  @Singleton
  static class Exporter {
    @Produces
    @Singleton
    InMemorySpanExporter inMemory() {
      return InMemorySpanExporter.create();
    }
  }

  @Inject
  InMemorySpanExporter spans;

  @Test
  void aStepExportsItsServerSpanAndItsUpstreamCallsButNoRedisCommands() {
    var user = newUser();
    this.spans.reset();

    sudo(user);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.spans.getFinishedSpanItems())
        .anySatisfy(span -> assertThat(span.getKind()).isEqualTo(SpanKind.SERVER)));
    var server = this.spans.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.spans.getFinishedSpanItems())
        .filteredOn(span -> span.getKind() == SpanKind.CLIENT && span.getTraceId().equals(server.getTraceId()))
        .hasSizeGreaterThanOrEqualTo(2));
    assertThat(server.getName()).contains("/auth/v1/user/sudo");
    assertThat(this.spans.getFinishedSpanItems()).noneSatisfy(span -> assertThat(redis(span)).isTrue());
  }

  private static boolean redis(SpanData span) {
    return "redis".equals(span.getAttributes().get(AttributeKey.stringKey("db.system")))
        || span.getInstrumentationScopeInfo().getName().toLowerCase(Locale.ROOT).contains("redis");
  }
}
