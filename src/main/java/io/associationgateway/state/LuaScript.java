package io.associationgateway.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/** A Lua script from {@code src/main/resources/lua}, run with {@code EVALSHA} (one round trip), {@code EVAL} once if Redis lost it. */
final class LuaScript {

  private final String source;
  private final String sha1;
  private final String name;
  /** Its latency timer, registered on first use (one look-up per script, not per run); a race registers it twice, harmlessly. */
  private volatile Timer timer;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /** The script made of these files, in order (e.g. {@code lib.lua} then the script that uses its helpers). */
  static LuaScript load(String... names) {
    var source = new StringBuilder();
    for (var name : names) {
      try (var in = LuaScript.class.getResourceAsStream("/lua/" + name)) {
        if (in == null) {
          throw new IllegalStateException("missing Lua script " + name);
        }
        source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new LuaScript(names[names.length - 1].replace(".lua", ""), source.toString());
  }

  /** Runs the script; its latency is {@code gateway_redis_script_seconds{script}}. */
  Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
    return Uni.createFrom().deferred(() -> {
      var sample = Timer.start(Metrics.globalRegistry);
      return redis.execute("EVALSHA", arguments(this.sha1, keys, args))
          .onFailure(LuaScript::isNoScript)
          .recoverWithUni(() -> redis.execute("EVAL", arguments(this.source, keys, args)))
          .onItemOrFailure().invoke((reply, failure) -> sample.stop(timer()));
    });
  }

  private Timer timer() {
    var known = this.timer;
    if (known == null) {
      known = Timer.builder("gateway.redis.script").tag("script", this.name).publishPercentileHistogram().register(Metrics.globalRegistry);
      this.timer = known;
    }
    return known;
  }

  /** Runs the script and reads its reply with {@code parse}, the typed parser of that script's reply ({@code *Reply.parse}). */
  <T> Uni<T> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args, Function<List<String>, T> parse) {
    return run(redis, keys, args).map(reply -> parse.apply(ScriptReply.strings(reply)));
  }

  private static String[] arguments(String script, List<String> keys, List<String> args) {
    var all = new ArrayList<String>(2 + keys.size() + args.size());
    all.add(script);
    all.add(Integer.toString(keys.size()));
    all.addAll(keys);
    all.addAll(args);
    return all.toArray(String[]::new);
  }

  static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }

  private static String sha1Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
