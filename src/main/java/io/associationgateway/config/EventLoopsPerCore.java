package io.associationgateway.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The default of {@code quarkus.vertx.event-loops-pool-size}: one event loop per core the JVM sees. Quarkus's own
 * default is one per core but at least two, so the pod (one CPU) would run two loops on its one core. All of the
 * gateway's work runs on the event loops and none of it blocks, so the second loop adds no parallelism, only
 * hand-offs: a request accepted on one loop whose Redis or upstream connection belongs to the other wakes that loop
 * for every command and answer. On one core, one loop took 14–33 % less CPU per flow than two, 8 % with the
 * production features on (BENCHMARKS.md, "One event loop per core"). With two cores or more the number is Quarkus's
 * too, except that Quarkus also caps it at one loop per 10 MiB of maximum heap.
 * <p>
 * A default only: its ordinal ({@value #ORDINAL}) is below {@code application.properties} (250), the environment (300)
 * and system properties (400), so {@code QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE} still sets any other number.
 * Registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}.
 */
public final class EventLoopsPerCore implements ConfigSource {

  static final String PROPERTY = "quarkus.vertx.event-loops-pool-size";
  static final int ORDINAL = 100;

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(PROPERTY);
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(PROPERTY, getValue(PROPERTY));
  }

  @Override
  public String getValue(String name) {
    return PROPERTY.equals(name) ? Integer.toString(Runtime.getRuntime().availableProcessors()) : null;
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }

  @Override
  public String getName() {
    return "EventLoopsPerCore";
  }
}
