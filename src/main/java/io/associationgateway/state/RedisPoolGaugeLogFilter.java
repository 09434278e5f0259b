package io.associationgateway.state;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops Micrometer's one startup warning that the {@code redis.pool.*} gauges of the {@code <default>} client are
 * "already registered". Its cause is in Quarkus 3.34.1, not in the gateway: both of its Redis build steps (client and
 * data source) initialise every requested client name, and each creates a Vert.x Redis client before checking whether
 * one exists, so a second, unused {@code <default>} client registers the same pool gauges again and Micrometer ignores
 * them. The gauges that count are the first client's, the one every bean uses, so the dashboard's
 * {@code redis_pool_*} figures are right; only the warning is noise. Any other meter registered twice is still logged.
 */
@LoggingFilter(name = RedisPoolGaugeLogFilter.NAME)
public final class RedisPoolGaugeLogFilter implements Filter {

  static final String NAME = "redis-pool-gauge-registered-twice";

  @Override
  public boolean isLoggable(LogRecord record) {
    var message = record instanceof ExtLogRecord formatted ? formatted.getFormattedMessage() : record.getMessage();
    return message == null || !("io.micrometer.core.instrument.MeterRegistry".equals(record.getLoggerName())
        && message.startsWith("This Gauge has been already registered (MeterId{name='redis.pool.")
        && message.contains("tag(pool.name=<default>)"));
  }
}
