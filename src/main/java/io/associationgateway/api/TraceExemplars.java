package io.associationgateway.api;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.micrometer.runtime.export.exemplars.OpentelemetryExemplarSamplerProvider;

/**
 * Trace exemplars on the Prometheus histograms only while tracing is on. With the OpenTelemetry extension present,
 * Quarkus always gives the Prometheus registry an exemplar sampler, which on every timer sample looks for the current
 * span, and when a callback runs outside a request's context creates a new Vert.x context to look in: about 6 % of the
 * bytes a flow allocates, for exemplars that cannot exist while {@code quarkus.otel.sdk.disabled} is true (the default
 * here). With tracing on, Quarkus's own sampler is used unchanged.
 * <p>
 * Quarkus internal API, in this class only: {@code OpentelemetryExemplarSamplerProvider} (a bean whenever the
 * OpenTelemetry extension is present), checked against Quarkus 3.34.1.
 */
@Singleton
public class TraceExemplars {

  @Produces
  @Singleton
  @Alternative
  @Priority(1)
  Optional<ExemplarSampler> exemplarSampler(@ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff,
      OpentelemetryExemplarSamplerProvider quarkus) {
    return tracingOff ? Optional.empty() : quarkus.exemplarSampler();
  }
}
