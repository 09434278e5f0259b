package io.associationgateway.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The floor: the association flow's four requests answered by a bare Vert.x HTTP server that does the same Redis
 * commands (the gateway's own Lua scripts from {@code src/main/resources/lua}, each built as the gateway's
 * {@code LuaScript.load} builds it, loaded once and run with {@code EVALSHA}, on the same keys with the same Redis
 * Cluster hash tags, in the same order and with the same parallelism), the same crypto (SecureRandom tokens, SHA-256
 * key hashes, HMAC-SHA256 code MACs, TC3-HMAC-SHA256 SMS signatures) and the same upstream calls, plus what any correct
 * gateway must do: the number normalised to E.164 with libphonenumber (as {@code flow/ContactNormalizer}: region CN,
 * valid mobile), one log line per step (event, outcome, user, masked number, client IP, request id, as
 * {@code flow/Audit}), and every Redis command bounded by the gateway's Redis deadline (2 s, as
 * {@code state/RedisDeadline}), its answer completing on the caller's event loop (as {@code state/SharedRedisConnection}).
 * Nothing else: no DI, no JSON validation beyond reading the fields, no metrics, no idempotency, no error mapping beyond
 * a status, no undo of a refused send (the benchmark's wide limits never refuse).
 *
 * <p>Redis, per flow (as the gateway's stores do it; {@code ∥} = sent together, awaited together):
 * <ul>
 * <li>sudo: {@code GET} caller cache (miss), {@code SET} caller cache; {@code EVALSHA failure-budget} on
 * {@code gw:pwu:<user>} ∥ {@code EVALSHA failure-budget} on {@code gw:pwip:<ip>} (the wrong-password budgets, checked
 * before CloudBase is asked); {@code SET gw:sudo:<h>};</li>
 * <li>send: {@code GET} caller cache; {@code EVALSHA ip-bucket} on {@code gw:ipsend:<ip>} ∥ {@code EVALSHA send-target}
 * on the target's five {@code {t<b>}} keys; then {@code EVALSHA budget} on {@code gw:usms:<user>} ∥
 * {@code EVALSHA budget} on {@code gw:gsms};</li>
 * <li>verify: {@code EVALSHA ip-bucket} on {@code gw:ipverify:<ip>} ∥ {@code HMGET} of the code's {@code fkey} and
 * {@code lkey} (the bucket read from the {@code gwv_<b>…} id); then {@code EVALSHA verify-code} on the code, token,
 * failure-counter and live-code-pointer keys;</li>
 * <li>bind: {@code GET} caller cache; {@code GET gw:sudo:<h>}; {@code EVALSHA consume-for-bind} on the token key (the
 * bucket read from the {@code gwt_<b>…} token); {@code DEL} caller cache.</li>
 * </ul>
 * The target's bucket {@code <b>} is the first three hex digits of the SHA-256 of the phone number as the client sent
 * it in E.164 form, as the gateway does.
 *
 * <p>Like the gateway ({@code state/SharedRedisConnection}), every command of every request goes over <b>one</b> shared,
 * pipelined Redis connection ({@code Redis.createClient(...).connect()}, opened once and re-opened on the next command
 * after it closed or failed), not over a pool; its queue of commands in flight is {@code --redis-waiting} × 4 (16,384 as
 * the runner starts it, like the gateway's {@code quarkus.redis.max-waiting-handlers}). {@code --redis-pool} only sizes the client's pool
 * the one connection is taken from, as the gateway's {@code quarkus.redis.max-pool-size} does. Run it in its own JVM:
 *
 * <pre>java -cp bench.jar io.associationgateway.bench.Floor --port P --redis redis://127.0.0.1:R
 *     --cloudbase http://127.0.0.1:C --sms http://127.0.0.1:S/ --lua ../src/main/resources/lua</pre>
 */
public final class Floor {

  static final String HMAC_KEY_DEFAULT = "bench-only-code-hmac-key-0123456789abcdef";
  private static final long SUDO_TTL_MS = 600_000;
  private static final long CODE_TTL_MS = 600_000;
  private static final long TOKEN_TTL_MS = 600_000;
  private static final long CALLER_TTL_MS = 30_000;
  private static final long HOUR_MS = 3_600_000L;
  /** Key layout as the gateway's RedisKeys: ids and tokens carry their target's bucket after the prefix. */
  private static final int BUCKET_DIGITS = 3;
  private static final String ID_PREFIX = "gwv_";
  private static final String TOKEN_PREFIX = "gwt_";
  private static final long DAY_MS = 86_400_000L;
  /** The scripts the four requests run, each made of its files as the gateway's stores load them. */
  static final List<List<String>> SCRIPTS = List.of(
      List.of("lib.lua", "ip-bucket.lua"), List.of("lib.lua", "send-target.lua"), List.of("lib.lua", "budget.lua"),
      List.of("lib.lua", "verify-code.lua"), List.of("consume-for-bind.lua"), List.of("lib.lua", "failure-budget.lua"));

  /** Everything the floor's verticles share: config, scripts, Redis, crypto. */
  static final class Shared {
    final Vertx vertx;
    /** The gateway's default Redis deadline ({@code quarkus.redis.timeout}). */
    final long redisDeadlineMillis;
    final Map<String, String> options;
    final URI cloudBase;
    final URI sms;
    final String smsHost;
    final Redis redis;
    /** The one Redis connection every request pipelines on; null until opened or after it broke. */
    private Future<RedisConnection> connection;
    final Map<String, String> sha = new ConcurrentHashMap<>();
    final SecureRandom random = new SecureRandom();
    final SecretKeySpec codeKey;
    final AtomicReference<String> adminToken = new AtomicReference<>();
    final int httpPool;
    /** One client per upstream, shared by every event loop: as the gateway's @ApplicationScoped clients. */
    final WebClient cloudBaseClient;
    final WebClient smsClient;
    final long failures = 100;
    final long wide = 1_000_000_000L;

    Shared(Map<String, String> options, Vertx vertx) {
      this.vertx = vertx;
      this.redisDeadlineMillis = Long.parseLong(options.getOrDefault("redis-deadline-ms", "2000"));
      this.options = options;
      this.cloudBase = URI.create(options.get("cloudbase"));
      this.sms = URI.create(options.get("sms"));
      this.smsHost = this.sms.getHost() + (this.sms.getPort() == -1 ? "" : ":" + this.sms.getPort());
      this.httpPool = Integer.parseInt(options.getOrDefault("http-pool", "64"));
      this.codeKey = new SecretKeySpec(options.getOrDefault("hmac-key", HMAC_KEY_DEFAULT).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
      this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(options.get("redis"))
          .setMaxPoolSize(Integer.parseInt(options.getOrDefault("redis-pool", "32")))
          .setMaxPoolWaiting(Integer.parseInt(options.getOrDefault("redis-waiting", "1024")))
          .setMaxWaitingHandlers(Integer.parseInt(options.getOrDefault("redis-waiting", "1024")) * 4));
      var clientOptions = new WebClientOptions().setKeepAlive(true).setMaxPoolSize(this.httpPool).setConnectTimeout(5000);
      this.cloudBaseClient = WebClient.create(vertx, clientOptions);
      this.smsClient = WebClient.create(vertx, new WebClientOptions(clientOptions));
    }

    /** The shared connection, opened on first use and again after it closed or failed (as SharedRedisConnection). */
    private synchronized Future<RedisConnection> connection() {
      if (this.connection == null || this.connection.failed()) {
        var opening = this.redis.connect();
        this.connection = opening;
        opening.onSuccess(open -> {
          open.exceptionHandler(failure -> forget(opening));
          open.endHandler(ended -> forget(opening));
        });
      }
      return this.connection;
    }

    private synchronized void forget(Future<RedisConnection> broken) {
      if (this.connection == broken) {
        this.connection = null;
        if (broken.succeeded()) {
          broken.result().close();
        }
      }
    }

    /**
     * Sends one command on the shared connection, bounded by the Redis deadline (past it the command fails and the
     * connection is dropped as stuck), and completes on the caller's event loop, not on the one that opened the
     * connection: exactly what SharedRedisConnection.bounded does for the gateway.
     */
    Future<Response> send(Request request) {
      var connection = connection();
      Promise<Response> promise = ((ContextInternal) this.vertx.getOrCreateContext()).promise();
      var timer = this.vertx.setTimer(this.redisDeadlineMillis, fired -> {
        if (promise.tryFail(new Status(503))) {
          forget(connection);
        }
      });
      connection.compose(open -> open.send(request)).onComplete(result -> {
        this.vertx.cancelTimer(timer);
        if (result.succeeded()) {
          promise.tryComplete(result.result());
        } else {
          var message = String.valueOf(result.cause().getMessage());
          if (message.startsWith("READONLY") || message.contains("closed") || message.contains("Connection reset") || connection.failed()) {
            forget(connection);
          }
          promise.tryFail(result.cause());
        }
      });
      return promise.future();
    }

    /** A plain command (GET, SET, DEL, HMGET, SCRIPT) on the shared connection. */
    Future<Response> send(Command command, Object... args) {
      var request = Request.cmd(command);
      for (var arg : args) {
        request.arg(arg.toString());
      }
      return send(request);
    }

    /** {@code EVALSHA} of a loaded script: the sha, the key count, the keys, then the arguments. */
    Request evalsha(String script, List<String> keys, Object... args) {
      var request = Request.cmd(Command.EVALSHA).arg(this.sha.get(script)).arg(keys.size());
      keys.forEach(request::arg);
      for (var arg : args) {
        request.arg(arg.toString());
      }
      return request;
    }

    /** SCRIPT LOAD of each script exactly as the gateway builds it (LuaScript.load: each file, then '\n'). */
    Future<Void> loadScripts(Path dir) throws Exception {
      var futures = new ArrayList<Future<?>>();
      for (var script : SCRIPTS) {
        var source = new StringBuilder();
        for (var file : script) {
          source.append(Files.readString(dir.resolve(file), StandardCharsets.UTF_8)).append('\n');
        }
        var name = script.get(script.size() - 1);
        futures.add(send(Command.SCRIPT, "LOAD", source.toString()).onSuccess(reply -> this.sha.put(name, reply.toString())));
      }
      return Future.all(futures).mapEmpty();
    }

    /** One line per step, as the gateway's audit line (never the full number, a code or a token). */
    void audit(String event, String outcome, String userId, String maskedTarget, String clientIp, String requestId) {
      System.out.println("{\"timestamp\":\"" + Instant.now() + "\",\"level\":\"INFO\",\"loggerName\":\"floor.audit\",\"message\":\"event=" + event
          + " outcome=" + outcome + " user=" + userId + " target=" + maskedTarget + " ip=" + clientIp + " request=" + requestId + "\"}");
    }

    String newToken(String prefix) {
      var bytes = new byte[32];
      this.random.nextBytes(bytes);
      return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String newCode() {
      var code = new char[6];
      for (int i = 0; i < code.length; i++) {
        code[i] = (char) ('0' + this.random.nextInt(10));
      }
      return new String(code);
    }

    String codeMac(String verificationId, String code) {
      return HexFormat.of().formatHex(hmac(this.codeKey.getEncoded(), verificationId + '\n' + code));
    }
  }

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** E.164 ({@code +8613800000000}) of a valid mobile number, region CN by default, as ContactNormalizer; else a 400. */
  static String e164(String raw) {
    if (raw == null || raw.length() > 32) {
      throw new Status(400);
    }
    try {
      var number = PHONES.parse(raw.strip(), "CN");
      var type = PHONES.getNumberType(number);
      if (!PHONES.isValidNumber(number) || (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE)) {
        throw new Status(400);
      }
      return "+" + number.getCountryCode() + PHONES.getNationalSignificantNumber(number);
    } catch (NumberParseException e) {
      throw new Status(400);
    }
  }

  /** {@code +86 138****5678}: the country code, the first three and the last four digits, as ContactTarget.masked. */
  static String masked(String e164) {
    return e164.length() < 9 ? "****" : e164.substring(0, e164.length() - 8) + "****" + e164.substring(e164.length() - 4);
  }

  public static void main(String[] args) throws Exception {
    var options = Options.parse(args);
    // one event loop per core, as the gateway (config/EventLoopsPerCore)
    var loops = Integer.parseInt(options.getOrDefault("event-loops", Integer.toString(Runtime.getRuntime().availableProcessors())));
    var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    var shared = new Shared(options, vertx);
    shared.loadScripts(Path.of(options.getOrDefault("lua", "../src/main/resources/lua")))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    var port = Integer.parseInt(options.getOrDefault("port", "0"));
    vertx.deployVerticle(() -> new Server(shared, port), new DeploymentOptions().setInstances(loops))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.out.println("floor listening on 127.0.0.1:" + port + " with " + loops + " event loops");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
  }

  /** One instance per event loop, as Quarkus does: the HTTP server; the upstream clients and Redis are shared. */
  static final class Server extends AbstractVerticle {

    private final Shared shared;
    private final int port;
    private WebClient cloudBase;
    private WebClient sms;

    Server(Shared shared, int port) {
      this.shared = shared;
      this.port = port;
    }

    @Override
    public void start(Promise<Void> started) {
      this.cloudBase = this.shared.cloudBaseClient;
      this.sms = this.shared.smsClient;
      this.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(this.port).setAcceptBacklog(8192).setTcpNoDelay(true))
          .requestHandler(this::handle).listen().<Void>mapEmpty().onComplete(started);
    }

    private void handle(HttpServerRequest request) {
      var path = request.path();
      var method = request.method();
      if (method == HttpMethod.GET && path.equals("/ready")) {
        request.response().end("ok");
        return;
      }
      request.body().onComplete(read -> {
        if (read.failed()) {
          fail(request, 400);
          return;
        }
        Future<Buffer> answer;
        // [user id, masked target], filled in by the step for its log line
        var who = new String[] {"-", "-"};
        String event;
        var ip = clientIp(request);
        try {
          var body = read.result();
          if (method == HttpMethod.POST && path.equals("/auth/v1/user/sudo")) {
            event = "sudo";
            answer = sudo(bearer(request), new JsonObject(body), ip, who);
          } else if (method == HttpMethod.POST && path.equals("/auth/v1/verification")) {
            event = "send";
            answer = send(bearer(request), new JsonObject(body), ip, who);
          } else if (method == HttpMethod.POST && path.equals("/auth/v1/verification/verify")) {
            event = "verify";
            answer = verify(new JsonObject(body), ip);
          } else if (method == HttpMethod.PATCH && path.equals("/auth/v1/user/contact")) {
            event = "bind";
            answer = bind(bearer(request), new JsonObject(body), who);
          } else {
            fail(request, 404);
            return;
          }
        } catch (RuntimeException bad) {
          fail(request, 400);
          return;
        }
        var requestId = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        answer.onComplete(done -> {
          this.shared.audit(event, done.succeeded() ? "ok" : "status-" + (done.cause() instanceof Status status ? status.code : 500), who[0], who[1], ip,
              requestId);
          if (done.succeeded()) {
            request.response().putHeader("Content-Type", "application/json").end(done.result());
          } else {
            fail(request, done.cause() instanceof Status status ? status.code : 500);
          }
        });
      });
    }

    // -- step 1: GET caller cache (miss) -> user/me -> SET caller cache; EVALSHA failure-budget (user) || EVALSHA
    // failure-budget (IP), the wrong-password budgets; CloudBase sudo; SET gw:sudo:<h>
    private Future<Buffer> sudo(String accessToken, JsonObject body, String clientIp, String[] who) {
      var password = body.getString("password");
      if (accessToken == null || password == null) {
        return Future.failedFuture(new Status(400));
      }
      return caller(accessToken, who)
          .compose(userId -> Future.all(
              this.shared.send(this.shared.evalsha("failure-budget.lua", List.of("gw:pwu:" + userId), this.shared.wide, 0, "check")),
              this.shared.send(this.shared.evalsha("failure-budget.lua", List.of("gw:pwip:" + clientIp), this.shared.wide, 0, "check")))
              .map(userId))
          .compose(userId -> cloudBaseCall(HttpMethod.POST, "/auth/v1/user/sudo", accessToken, new JsonObject().put("password", password).toBuffer())
              .compose(ignored -> {
                var token = this.shared.newToken("gws_");
                return this.shared.send(Command.SET, "gw:sudo:" + sha256Hex(token), userId, "PX", SUDO_TTL_MS)
                    .map(ok -> Buffer.buffer("{\"sudo_token\":\"" + token + "\",\"expires_in\":600}"));
              }));
    }

    // -- step 2: GET caller cache (hit); EVALSHA ip-bucket || EVALSHA send-target; EVALSHA budget (user) || EVALSHA budget
    // (gateway); SMS SendSms (TC3 signed)
    private Future<Buffer> send(String accessToken, JsonObject body, String clientIp, String[] who) {
      if (accessToken == null) {
        return Future.failedFuture(new Status(400));
      }
      var phone = e164(body.getString("phone_number"));
      who[1] = masked(phone);
      return caller(accessToken, who).compose(userId -> {
        var target = sha256Hex(phone);
        var bucket = target.substring(0, BUCKET_DIGITS);
        var tagged = tag(bucket) + target;
        var verificationId = this.shared.newToken(ID_PREFIX + bucket);
        var code = this.shared.newCode();
        var failuresKey = "gw:tfail:" + tagged;
        var latestKey = "gw:tlast:" + tagged;
        var ip = this.shared.send(this.shared.evalsha("ip-bucket.lua", List.of("gw:ipsend:" + clientIp), this.shared.wide, this.shared.wide));
        var own = this.shared.send(this.shared.evalsha("send-target.lua",
            List.of(failuresKey, "gw:tcool:" + tagged, "gw:tsend:" + tagged, latestKey, "gw:code:" + tag(bucket) + sha256Hex(verificationId)),
            this.shared.failures, 0, this.shared.wide, CODE_TTL_MS,
            "mac", this.shared.codeMac(verificationId, code), "attempts", "0", "target", phone, "channel", "PHONE", "user", userId,
            "purpose", "BIND", "fkey", failuresKey, "lkey", latestKey));
        return Future.all(ip, own).compose(both -> {
          if (ip.result().toLong() != 0 || !"ok".equals(own.result().get(0).toString())) {
            return Future.failedFuture(new Status(429));
          }
          var user = this.shared.send(this.shared.evalsha("budget.lua", List.of("gw:usms:" + userId), this.shared.wide, DAY_MS, "1"));
          var global = this.shared.send(this.shared.evalsha("budget.lua", List.of("gw:gsms"), this.shared.wide, HOUR_MS, "1"));
          return Future.all(user, global);
        }).compose(budgets -> {
          if (!"ok".equals(budgets.<Response>resultAt(0).get(0).toString()) || !"ok".equals(budgets.<Response>resultAt(1).get(0).toString())) {
            return Future.failedFuture(new Status(429));
          }
          return sendSms(phone, code)
              .map(ok -> Buffer.buffer("{\"verification_id\":\"" + verificationId + "\",\"expires_in\":600,\"is_user\":false}"));
        });
      });
    }

    // -- step 3: EVALSHA ip-bucket ∥ HMGET code's target keys; then EVALSHA verify-code
    private Future<Buffer> verify(JsonObject body, String clientIp) {
      var verificationId = body.getString("verification_id");
      var code = body.getString("verification_code");
      if (verificationId == null || code == null) {
        return Future.failedFuture(new Status(400));
      }
      var bucket = bucketOf(verificationId, ID_PREFIX);
      if (bucket == null) {
        return Future.failedFuture(new Status(404));
      }
      var token = this.shared.newToken(TOKEN_PREFIX + bucket);
      var mac = this.shared.codeMac(verificationId, code);
      var codeKey = "gw:code:" + tag(bucket) + sha256Hex(verificationId);
      var wait = this.shared.send(this.shared.evalsha("ip-bucket.lua", List.of("gw:ipverify:" + clientIp), this.shared.wide, this.shared.wide));
      var targetKeys = this.shared.send(Command.HMGET, codeKey, "fkey", "lkey");
      return Future.all(wait, targetKeys)
          .compose(both -> {
            if (wait.result().toLong() > 0) {
              return Future.failedFuture(new Status(429));
            }
            var failuresKey = targetKeys.result().get(0);
            var latestKey = targetKeys.result().get(1);
            if (failuresKey == null || latestKey == null) {
              return Future.failedFuture(new Status(404));
            }
            return this.shared.send(this.shared.evalsha("verify-code.lua",
                List.of(codeKey, "gw:vtok:" + tag(bucket) + sha256Hex(token), failuresKey.toString(), latestKey.toString()),
                mac, 5, TOKEN_TTL_MS, this.shared.failures));
          })
          .compose(reply -> switch (reply.get(0).toString()) {
            case "ok" -> Future.succeededFuture(Buffer.buffer("{\"verification_token\":\"" + token + "\",\"expires_in\":600}"));
            case "wrong" -> Future.failedFuture(new Status(400));
            case "missing" -> Future.failedFuture(new Status(404));
            default -> Future.failedFuture(new Status(429));
          });
    }

    // -- step 4: GET caller cache (hit); GET sudo grant; EVALSHA consume-for-bind; user/query; basic/edit; DEL caller cache
    private Future<Buffer> bind(String accessToken, JsonObject body, String[] who) {
      var sudoToken = body.getString("sudo_token");
      var verificationToken = body.getString("verification_token");
      if (accessToken == null || sudoToken == null || verificationToken == null) {
        return Future.failedFuture(new Status(400));
      }
      var phone = e164(body.getString("phone_number"));
      who[1] = masked(phone);
      return caller(accessToken, who).compose(userId -> {
        var bucket = bucketOf(verificationToken, TOKEN_PREFIX);
        if (bucket == null) {
          return Future.failedFuture(new Status(400));
        }
        return this.shared.send(Command.GET, "gw:sudo:" + sha256Hex(sudoToken))
            .compose(owner -> {
              if (owner == null || !userId.equals(owner.toString())) {
                return Future.failedFuture(new Status(400));
              }
              return this.shared.send(this.shared.evalsha("consume-for-bind.lua", List.of("gw:vtok:" + tag(bucket) + sha256Hex(verificationToken)),
                  userId, phone, "BIND"));
            })
            .compose(reply -> {
              if (!"ok".equals(reply.get(0).toString())) {
                return Future.failedFuture(new Status(400));
              }
              return adminToken()
                  .compose(admin -> this.cloudBase.getAbs(this.shared.cloudBase + "/auth/v1/user/query").addQueryParam("phone_number", phone)
                      .bearerTokenAuthentication(admin).timeout(5000).send()
                      .compose(Server::json)
                      .compose(owner -> {
                        var data = owner.getJsonArray("data");
                        if (data != null && !data.isEmpty()) {
                          return Future.failedFuture(new Status(409));
                        }
                        return this.cloudBase.postAbs(this.shared.cloudBase + "/auth/v1/user/basic/edit").bearerTokenAuthentication(admin)
                            .timeout(5000).sendBuffer(new JsonObject().put("user_id", userId).put("phone", phone).toBuffer())
                            .compose(Server::json);
                      }))
                  .compose(edited -> this.shared.send(Command.DEL, callerKey(accessToken)))
                  .map(deleted -> Buffer.buffer("{}"));
            });
      });
    }

    /** The caller's user id: the Redis cache, else CloudBase's user/me, then cached (30 s), as CallerService does. */
    private Future<String> caller(String accessToken, String[] who) {
      return caller(accessToken).onSuccess(userId -> who[0] = userId);
    }

    private Future<String> caller(String accessToken) {
      var key = callerKey(accessToken);
      return this.shared.send(Command.GET, key).compose(cached -> {
        if (cached != null) {
          return Future.succeededFuture(new JsonObject(cached.toBuffer()).getString("userId"));
        }
        return this.cloudBase.getAbs(this.shared.cloudBase + "/auth/v1/user/me").bearerTokenAuthentication(accessToken).timeout(5000).send()
            .compose(Server::json)
            .compose(me -> {
              var userId = me.getString("sub");
              if (userId == null) {
                return Future.failedFuture(new Status(502));
              }
              var value = new JsonObject().put("userId", userId).putNull("phoneNumber").putNull("email").encode();
              return this.shared.send(Command.SET, key, value, "PX", CALLER_TTL_MS).map(ok -> userId);
            });
      });
    }

    private Future<String> adminToken() {
      var token = this.shared.adminToken.get();
      if (token != null) {
        return Future.succeededFuture(token);
      }
      var basic = Base64.getEncoder().encodeToString("bench-env:bench-secret".getBytes(StandardCharsets.UTF_8));
      return this.cloudBase.postAbs(this.shared.cloudBase + "/auth/v1/token/clientCredential").putHeader("Authorization", "Basic " + basic)
          .timeout(5000).sendBuffer(new JsonObject().put("grant_type", "client_credentials").toBuffer())
          .compose(Server::json)
          .map(answer -> {
            var value = answer.getString("access_token");
            this.shared.adminToken.set(value);
            return value;
          });
    }

    private Future<JsonObject> cloudBaseCall(HttpMethod method, String path, String bearer, Buffer body) {
      return this.cloudBase.requestAbs(method, this.shared.cloudBase + path).bearerTokenAuthentication(bearer).timeout(5000)
          .sendBuffer(body).compose(Server::json);
    }

    private Future<Void> sendSms(String e164, String code) {
      var payload = new JsonObject()
          .put("PhoneNumberSet", new JsonArray().add(e164))
          .put("SmsSdkAppId", "1400000000")
          .put("TemplateId", "100000")
          .put("TemplateParamSet", new JsonArray().add(code))
          .put("SignName", "Bench").encode();
      var timestamp = Instant.now().getEpochSecond();
      return this.sms.postAbs(this.shared.sms.toString()).timeout(5000)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("X-TC-Action", "SendSms")
          .putHeader("X-TC-Version", "2021-01-11")
          .putHeader("X-TC-Region", "ap-guangzhou")
          .putHeader("X-TC-Timestamp", Long.toString(timestamp))
          .putHeader("Authorization", tc3(this.shared.smsHost, payload, timestamp))
          .sendBuffer(Buffer.buffer(payload))
          .compose(response -> {
            if (response.statusCode() != 200) {
              return Future.failedFuture(new Status(502));
            }
            var status = response.bodyAsJsonObject().getJsonObject("Response").getJsonArray("SendStatusSet").getJsonObject(0);
            return "Ok".equals(status.getString("Code")) ? Future.succeededFuture() : Future.failedFuture(new Status(502));
          });
    }

    private static Future<JsonObject> json(HttpResponse<Buffer> response) {
      if (response.statusCode() != 200) {
        return Future.failedFuture(new Status(response.statusCode() >= 500 ? 502 : 400));
      }
      return Future.succeededFuture(response.bodyAsJsonObject());
    }

    private static String bearer(HttpServerRequest request) {
      var header = request.getHeader("Authorization");
      if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "bearer ", 0, 7)) {
        return null;
      }
      return header.substring(7).strip();
    }

    private static String clientIp(HttpServerRequest request) {
      return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** The Redis Cluster hash tag of a target's bucket, as RedisKeys.tag. */
    private static String tag(String bucket) {
      return "{t" + bucket + "}:";
    }

    /** The bucket digits after {@code prefix} in an id minted here, or null (as RedisKeys.bucketOf). */
    private static String bucketOf(String id, String prefix) {
      if (!id.startsWith(prefix) || id.length() < prefix.length() + BUCKET_DIGITS + 16) {
        return null;
      }
      var digits = id.substring(prefix.length(), prefix.length() + BUCKET_DIGITS);
      return digits.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? digits : null;
    }

    private static String callerKey(String accessToken) {
      return "gw:caller:" + sha256Hex(accessToken);
    }

    private static void fail(HttpServerRequest request, int status) {
      request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end("{\"error\":\"" + status + "\"}");
    }
  }

  /** A failure that answers with this HTTP status. */
  static final class Status extends RuntimeException {
    final int code;

    Status(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  // -- crypto, as the gateway does it (state/Secrets.java, upstream/tencent/Tc3Signer.java)

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String message) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final DateTimeFormatter UTC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final byte[] TC3_ROOT = "TC3bench-secret-key".getBytes(StandardCharsets.UTF_8);

  /** TC3-HMAC-SHA256 Authorization for a JSON POST to "/" (the same steps as Tc3Signer). */
  static String tc3(String host, String payload, long timestamp) {
    var date = UTC_DATE.format(Instant.ofEpochSecond(timestamp));
    var scope = date + "/sms/tc3_request";
    var canonical = "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:" + host + "\n\ncontent-type;host\n" + sha256Hex(payload);
    var toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonical);
    var signing = hmac(hmac(hmac(TC3_ROOT, date), "sms"), "tc3_request");
    return "TC3-HMAC-SHA256 Credential=AKIDbench/" + scope + ", SignedHeaders=content-type;host, Signature="
        + HexFormat.of().formatHex(hmac(signing, toSign));
  }
}
