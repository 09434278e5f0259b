package io.associationgateway.state;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import io.associationgateway.domain.Channel;
import io.associationgateway.domain.ContactTarget;
import io.associationgateway.support.GatewayTest;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/**
 * Base of the script-level tests: each runs one of {@code src/main/resources/lua} exactly as its store loads and runs
 * it (the store's own {@link LuaScript}, {@code EVALSHA}), against the suite's real Redis (standalone, or a Cluster with
 * {@code -Predis-cluster}), and reads the reply both raw and through the script's typed parser. Keys of one test
 * share a fresh hash tag, so multi-key scripts stay on one Cluster slot and tests never see each other's keys.
 */
abstract class ScriptTest extends GatewayTest {

  @Inject
  ReactiveRedisDataSource reactive;

  /** This test's hash tag. */
  String tag;

  @BeforeEach
  void freshTag() {
    this.tag = "{s" + UUID.randomUUID() + "}";
  }

  /** A key of this test, under its hash tag. */
  String key(String name) {
    return "test:" + this.tag + ":" + name;
  }

  /** A phone number no other test uses (its keys carry its own hash tag, see {@link RedisKeys}). */
  static ContactTarget newPhone() {
    var digits = Long.toString(Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L) + 100_000_000L).substring(1);
    return new ContactTarget(Channel.PHONE, "+86 138" + digits);
  }

  /** Runs {@code script} and answers its reply as the strings its parser reads. */
  List<String> run(LuaScript script, List<String> keys, Object... args) {
    return script.run(this.reactive, keys, strings(args)).map(ScriptReply::strings).await().atMost(Duration.ofSeconds(10));
  }

  /** Runs {@code script} and answers its reply through {@code parse}, its store's parser. */
  <T> T runParsed(LuaScript script, Function<List<String>, T> parse, List<String> keys, Object... args) {
    return script.run(this.reactive, keys, strings(args), parse).await().atMost(Duration.ofSeconds(10));
  }

  private static List<String> strings(Object... args) {
    return Arrays.stream(args).map(String::valueOf).toList();
  }

  String get(String key) {
    return this.redis.value(String.class).get(key);
  }

  void set(String key, String value, long ttlMs) {
    this.redis.value(String.class).psetex(key, ttlMs, value);
  }

  Map<String, String> hash(String key) {
    return this.redis.hash(String.class).hgetall(key);
  }

  void putHash(String key, Map<String, String> fields, long ttlMs) {
    this.redis.hash(String.class).hset(key, fields);
    this.redis.key().pexpire(key, ttlMs);
  }

  boolean exists(String key) {
    return this.redis.key().exists(key);
  }

  /** The key's remaining time to live in ms; -2 when it does not exist, -1 when it never expires. */
  long pttl(String key) {
    return this.redis.key().pttl(key);
  }
}
