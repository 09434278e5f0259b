package io.associationgateway.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The gateway images built from {@code src/main/docker/Dockerfile.jvm}: the production image (production build) and the
 * local image (the same file on the local build). The local image is run the way the {@code k8s/overlays/local} pod
 * runs it: its environment (local mode) and its Redis under the Service's name in one pod, read-only root filesystem
 * with a tmpfs on /tmp, uid 185, no capabilities, no privilege escalation, the Deployment's memory limit. A whole phone
 * flow goes through the mapped port; {@code podman stop} drains a request in flight. The production image holds no
 * secret, no build tool, no test class and nothing of local mode (no emulator, outbox or embedded Redis class, no Redis
 * binary); the local image differs from it only by local mode.
 *
 * <p>CloudBase is the container's own emulator, reached through a WireMock proxy on the host's loopback
 * ({@code slirp4netns:allow_host_loopback}: 10.0.2.2 in the container is the host's 127.0.0.1), so the test sees the
 * upstream calls the image makes and can serve one slow answer for the drain.</p>
 */
class ImageIT {

  static final String PHONE = "+86 13800000000";
  static final Pattern SECRET_PROPERTY = Pattern.compile("secret|password|passwd|hmac-key|api-key|private", Pattern.CASE_INSENSITIVE);
  static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
  static final Pattern ACCESS_KEY_ID = Pattern.compile("\\bAKID[0-9A-Za-z]{13,40}\\b|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");
  static final Pattern TEST_CLASS = Pattern
      .compile("io/associationgateway/(?:.*(?:Test|IT)(?:\\$[^/]*)?\\.class|(?:it|support|deploy)/.*)");
  static final List<String> BUILD_TOOLS = List.of("mvn", "mvnw", "javac", "gradle", "ant", "jar", "jshell", "gcc", "cc", "make");

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static WireMockServer cloudBase;
  static int port;
  static String pod;
  static String container;
  /** The gateway container's memory limit, bytes (the local overlay's Deployment). */
  static long memory;

  @BeforeAll
  static void build() {
    Podman.assumeAvailable("ImageIT");
    Podman.buildGatewayImages();
    var base = Podman.podman(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", Podman.GATEWAY_BASE).ok().out().trim();
    for (var image : List.of(Podman.GATEWAY_IMAGE, Podman.LOCAL_IMAGE)) {
      var size = Podman.podman(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", image).ok().out().trim();
      System.out.printf("ImageIT: image %s is %d MB (base %s %d MB, application layers %d MB)%n", image,
          Long.parseLong(size) / 1_000_000, Podman.GATEWAY_BASE, Long.parseLong(base) / 1_000_000,
          (Long.parseLong(size) - Long.parseLong(base)) / 1_000_000);
    }
  }

  @AfterAll
  static void cleanUp() {
    if (pod != null) {
      Podman.podman(Duration.ofSeconds(60), "pod", "rm", "-f", "-t", "0", pod);
    }
    if (cloudBase != null) {
      cloudBase.stop();
    }
  }

  @Test
  void runsHardenedServesAPhoneFlowAndDrainsOnStop() throws Exception {
    startACloudBaseProxyWithOneSlowAnswer();
    runTheLocalOverlaysPodAsKubernetesWould();
    runsAsUid185ReadOnlyWithNoCapabilitiesAndTheHeapShareOfTheLimit();
    var secrets = aWholePhoneFlowInLocalModeGoesThroughTheMappedPort();
    outboundTlsRunsInBoringSslLoadedFromTheImage();
    podmanStopDrainsTheRequestInFlightRefusesANewOneAndExitsCleanly();
    theLogShowsLocalModeAndHoldsNoSecret(secrets);
  }

  /** CloudBase is the container's own emulator behind a WireMock proxy on the host; {@code /auth/v1/slow} answers after 3 s. */
  private static void startACloudBaseProxyWithOneSlowAnswer() {
    cloudBase = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cloudBase.start();
    port = Podman.freePort();
    pod = "ag-image-test-" + port;
    container = pod + "-gateway";
    cloudBase.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://127.0.0.1:" + port + "/local/cloudbase")));
    cloudBase.stubFor(get(urlEqualTo("/auth/v1/slow")).atPriority(1).willReturn(okJson("{\"ok\":true}").withFixedDelay(3000)));
  }

  /**
   * The local overlay's pod as Kubernetes would run it: its gateway environment, its Redis (args of redis.yaml, the
   * Debian-made Redis image) reachable under its Service name, the memory limit of its Deployment; ready within 120 s.
   */
  private static void runTheLocalOverlaysPodAsKubernetesWould() throws InterruptedException {
    var overlay = "overlays/local";
    var gateway = KubernetesManifestsTest.gateway(overlay).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(gateway.getImage()).as("the local overlay runs the local image").isEqualTo(Podman.LOCAL_IMAGE);
    var env = new LinkedHashMap<String, String>();
    KubernetesManifestsTest.config(overlay).forEach((k, v) -> {
      if (!v.isEmpty()) {
        env.put(k, v);
      }
    });
    gateway.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env).containsEntry("QUARKUS_PROFILE", "local").containsKey("GATEWAY_LOCAL_REDIS_URL");
    env.put("GATEWAY_CLOUDBASE_URL", "http://10.0.2.2:" + cloudBase.port());
    var redisHost = URI.create(env.get("GATEWAY_LOCAL_REDIS_URL")).getHost();
    var redis = KubernetesManifestsTest.all(overlay, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(redisHost))
        .findFirst()
        .orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
    memory = Quantity.getAmountInBytes(gateway.getResources().getLimits().get("memory")).longValueExact();

    Podman.podman(Duration.ofMinutes(1), "pod", "create", "--name", pod, "--network", "slirp4netns:allow_host_loopback=true",
        "-p", "127.0.0.1:" + port + ":8080", "--add-host", redisHost + ":127.0.0.1").ok();
    var redisRun = new ArrayList<>(List.of("run", "-d", "--pod", pod, "--name", pod + "-redis", "--user", "redis", "--read-only",
        "--tmpfs", "/data:rw,size=64m,mode=1777", "--cap-drop=ALL", "--security-opt=no-new-privileges", Podman.REDIS_BASE));
    redisRun.addAll(redis.getArgs());
    Podman.podman(Duration.ofMinutes(1), redisRun.toArray(String[]::new)).ok();
    var run = new ArrayList<>(
        List.of("run", "-d", "--pod", pod, "--name", container, "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777",
            "--cap-drop=ALL", "--security-opt=no-new-privileges", "--memory=" + memory));
    env.forEach((k, v) -> run.addAll(List.of("-e", k + "=" + v)));
    run.add(Podman.LOCAL_IMAGE);
    var started = System.nanoTime();
    Podman.podman(Duration.ofMinutes(2), run.toArray(String[]::new)).ok();
    var readyAfter = awaitReady(Duration.ofSeconds(120));
    assertThat(readyAfter).as("ready within 120 s; log:\n%s", log()).isNotNull();
    System.out.printf("ImageIT: ready %d ms after podman run%n", Duration.ofNanos(readyAfter - started).toMillis());
  }

  /**
   * Hardening as run: uid 185, root filesystem read-only, /tmp writable; the heap is {@code jvm.args}' share of the
   * container's memory limit, with SerialGC.
   */
  private static void runsAsUid185ReadOnlyWithNoCapabilitiesAndTheHeapShareOfTheLimit() throws IOException, InterruptedException {
    assertThat(exec("id", "-u").trim()).isEqualTo("185");
    assertThat(execResult("touch", "/deployments/x").exit()).as("the root filesystem is read-only").isNotZero();
    assertThat(execResult("touch", "/tmp/x").exit()).as("/tmp is writable").isZero();
    assertThat(exec("grep", "CapEff", "/proc/1/status")).contains("0000000000000000");
    var metrics = http("GET", "/q/metrics", null, null).body();
    var heapMax = Pattern.compile("(?m)^jvm_memory_max_bytes\\{area=\"heap\",id=\"([^\"]+)\"} (\\S+)$").matcher(metrics).results()
        .mapToDouble(m -> Double.parseDouble(m.group(2))).sum();
    var percent = KubernetesManifestsTest.heapPercentOfLimit();
    var share = memory * percent / 100;
    // the JVM rounds the heap up to its alignment, and the metric leaves out one survivor space (a tenth of the young
    // generation, at most a third of the heap)
    assertThat(heapMax).as("heap under a %d MiB limit, MaxRAMPercentage=%s", memory >> 20, percent)
        .isBetween(share * 0.93, share * 1.02);
    assertThat(metrics).as("SerialGC's old generation").contains("id=\"Tenured Gen\"");
  }

  /** Sign-in, sudo, send, verify, bind and read back; returns the tokens the log must not hold. */
  private static List<String> aWholePhoneFlowInLocalModeGoesThroughTheMappedPort() throws IOException, InterruptedException {
    var callsBefore = cloudBase.getAllServeEvents().size();
    var access = ok(http("POST", "/auth/v1/signin", null, new JsonObject().put("username", "demo").put("password", "passwd")))
        .getString("access_token");
    var sudo = ok(http("POST", "/auth/v1/user/sudo", access, new JsonObject().put("password", "passwd"))).getString("sudo_token");
    var id = ok(http("POST", "/auth/v1/verification", access, new JsonObject().put("phone_number", PHONE))).getString("verification_id");
    var token = ok(
        http("POST", "/auth/v1/verification/verify", null, new JsonObject().put("verification_id", id).put("verification_code", "000000")))
        .getString("verification_token");
    ok(http("PATCH", "/auth/v1/user/contact", access,
        new JsonObject().put("sudo_token", sudo).put("phone_number", PHONE).put("verification_token", token)));
    var me = ok(http("GET", "/auth/v1/user/me", access, null));
    assertThat(me.getString("phone_number")).isEqualTo(PHONE);
    assertThat(cloudBase.getAllServeEvents().size()).as("the image called CloudBase through its configured URL").isGreaterThan(callsBefore);
    return List.of(access, sudo, token);
  }

  /**
   * The upstream clients exist now (the flow called CloudBase): BoringSSL is their TLS engine, and its library is
   * mapped from the read-only image's {@code /deployments/native}, not from a copy Netty wrote to {@code /tmp}.
   */
  private static void outboundTlsRunsInBoringSslLoadedFromTheImage() {
    assertThat(log()).contains("outbound TLS engine: BoringSSL");
    assertThat(exec("grep", "-o", "/[^ ]*tcnative[^ ]*", "/proc/1/maps")).contains("/deployments/native/libnetty_tcnative_linux_")
        .doesNotContain("/tmp/");
  }

  /** {@code podman stop}: the request in flight completes, a new one is refused, the JVM exits cleanly. */
  private static void podmanStopDrainsTheRequestInFlightRefusesANewOneAndExitsCleanly() throws Exception {
    var inFlight = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url("/auth/v1/slow"))).build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(700);
    var stop = CompletableFuture.supplyAsync(() -> Podman.podman(Duration.ofSeconds(90), "stop", "-t", "40", container));
    Thread.sleep(400);
    int late;
    try {
      late = HTTP.send(HttpRequest.newBuilder(URI.create(url("/auth/v1/user/sudo"))).timeout(Duration.ofSeconds(5))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException refused) {
      late = -1;
    }
    assertThat(late).as("a request after SIGTERM is refused").isIn(-1, 503);
    var finished = inFlight.get();
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).contains("\"ok\":true");
    stop.get().ok();
    var exit = Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.ExitCode}}", container).ok().out().trim();
    assertThat(exit).as("exit code after SIGTERM; log:\n%s", log()).isIn("0", "143");
  }

  private static void theLogShowsLocalModeAndHoldsNoSecret(List<String> tokens) {
    var log = log();
    assertThat(log).contains("Profile local activated");
    var secrets = new ArrayList<>(tokens);
    secrets.addAll(List.of("13800000000", "passwd"));
    for (var secret : secrets) {
      assertThat(Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])").matcher(log).find())
          .as("the container log holds no token, password or full number").isFalse();
    }
  }

  @Test
  void theProductionImageHoldsNoSecretNoBuildToolNoTestClassAndNothingOfLocalMode() throws IOException {
    var config = new JsonArray(Podman.podman(Duration.ofSeconds(30), "image", "inspect", Podman.GATEWAY_IMAGE).ok().out()).getJsonObject(0)
        .getJsonObject("Config");
    assertThat(config.getString("User")).isEqualTo("185:185");
    assertThat(config.getJsonArray("Entrypoint").getList()).isEqualTo(new JsonArray(DockerfileTest.ENTRYPOINT).getList());
    for (var entry : config.getJsonArray("Env")) {
      var nameValue = entry.toString().split("=", 2);
      if (SECRET_PROPERTY.matcher(nameValue[0].replace('_', '-')).find()) {
        assertThat(nameValue[1]).as("environment variable %s of the image", nameValue[0]).isEmpty();
      }
    }
    assertThat(config.getJsonArray("Env").getList()).contains("MALLOC_ARENA_MAX=2");

    var root = Path.of(Podman.podman(Duration.ofSeconds(60), "image", "mount", Podman.GATEWAY_IMAGE).ok().out().trim());
    try {
      var problems = buildToolsAndTestFiles(root);
      var deployments = root.resolve("deployments");
      problems.addAll(deploymentProblems(deployments));
      assertThat(Files.readAllLines(deployments.resolve("jvm.args")))
          .isEqualTo(Files.readAllLines(Podman.projectDir().resolve("src/main/docker/jvm.args")));
      problems.addAll(LocalModeContent.in(root));
      assertThat(problems).isEmpty();
    } finally {
      Podman.podman(Duration.ofSeconds(60), "image", "unmount", Podman.GATEWAY_IMAGE);
    }
  }

  /** Build tools outside /usr/share and test files anywhere in the image's filesystem. */
  static List<String> buildToolsAndTestFiles(Path root) throws IOException {
    var problems = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile).forEach(file -> {
        var name = file.getFileName().toString();
        if (BUILD_TOOLS.contains(name) && !file.startsWith(root.resolve("usr/share"))) {
          problems.add("build tool " + root.relativize(file));
        }
        if (file.toString().contains("test-classes") || file.toString().contains("/src/test/")) {
          problems.add("test file " + root.relativize(file));
        }
      });
    }
    return problems;
  }

  /** Test classes and secrets in the jars under /deployments, and secrets in its other files. */
  static List<String> deploymentProblems(Path deployments) throws IOException {
    var problems = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(deployments)) {
      for (var file : files.filter(Files::isRegularFile).toList()) {
        if (file.toString().endsWith(".jar")) {
          problems.addAll(jarProblems(file));
        } else {
          var where = deployments.relativize(file).toString();
          var text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
          problems.addAll(
              where.endsWith(".aot") ? cacheProblems(where, text, keyConstantsOfShippedCode(deployments)) : textProblems(where, text));
        }
      }
    }
    return problems;
  }

  @Test
  void theLocalImageAddsLocalModeAndNothingElse() throws IOException {
    var config = new JsonArray(Podman.podman(Duration.ofSeconds(30), "image", "inspect", Podman.LOCAL_IMAGE).ok().out()).getJsonObject(0)
        .getJsonObject("Config");
    assertThat(config.getString("User")).isEqualTo("185:185");
    assertThat(config.getJsonArray("Entrypoint").getList()).isEqualTo(new JsonArray(DockerfileTest.ENTRYPOINT).getList());
    var root = Path.of(Podman.podman(Duration.ofSeconds(60), "image", "mount", Podman.LOCAL_IMAGE).ok().out().trim());
    try {
      var found = LocalModeContent.in(root.resolve("deployments"));
      assertThat(found).anySatisfy(f -> assertThat(f).startsWith("local-mode class io/associationgateway/local/CloudBaseEmulator.class"))
          .anySatisfy(f -> assertThat(f).startsWith("Redis binary redis-server-6.2.6-v5-linux-amd64"));
      var problems = new ArrayList<String>();
      try (Stream<Path> files = Files.walk(root.resolve("deployments"))) {
        for (var jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
          problems.addAll(jarProblems(jar));
        }
      }
      assertThat(problems).as("test classes or secrets in the local image").isEmpty();
    } finally {
      Podman.podman(Duration.ofSeconds(60), "image", "unmount", Podman.LOCAL_IMAGE);
    }
  }

  /** Test classes in a jar, and secrets in its properties files. */
  static List<String> jarProblems(Path jar) throws IOException {
    var problems = new ArrayList<String>();
    try (var file = new JarFile(jar.toFile())) {
      for (var entry : file.stream().toList()) {
        if (TEST_CLASS.matcher(entry.getName()).matches()) {
          problems.add("test class " + entry.getName() + " in " + jar.getFileName());
        }
        if (entry.getName().endsWith(".properties") && entry.getName().startsWith("application")) {
          try (var in = file.getInputStream(entry)) {
            problems.addAll(textProblems(jar.getFileName() + "!" + entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    return problems;
  }

  /** One whole PEM private-key block. */
  static final Pattern PRIVATE_KEY_BLOCK = Pattern
      .compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----[A-Za-z0-9+/=\\s]*-----END \\1PRIVATE KEY-----");

  /**
   * The AOT cache holds the string constants of every class its training start loaded, so the PEM text of shipped code
   * is in it too: the markers of Netty's and Vert.x's PEM parsers, and a whole key Netty's {@code OpenSsl} probes
   * key-manager support with (fixed and published). So in the cache a private key is a whole block (markers around a
   * body) that no class of the image's jars holds byte for byte; cloud access key ids are looked for as everywhere.
   */
  static List<String> cacheProblems(String where, String cacheText, List<String> classesWithKeys) {
    var problems = new ArrayList<String>();
    var blocks = PRIVATE_KEY_BLOCK.matcher(cacheText);
    while (blocks.find()) {
      var block = blocks.group();
      if (!block.substring(block.indexOf('\n') + 1).startsWith("-----END") && classesWithKeys.stream().noneMatch(c -> c.contains(block))) {
        problems.add("private key in " + where);
      }
    }
    problems.addAll(textProblems(where, PRIVATE_KEY.matcher(cacheText).replaceAll("")));
    return problems;
  }

  /** The classes of the jars under /deployments that hold a PEM private-key line, as text (ISO-8859-1). */
  static List<String> keyConstantsOfShippedCode(Path deployments) throws IOException {
    var found = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(deployments)) {
      for (var jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        try (var file = new JarFile(jar.toFile())) {
          for (var entry : file.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
            try (var in = file.getInputStream(entry)) {
              var text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
              if (PRIVATE_KEY.matcher(text).find()) {
                found.add(text);
              }
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * Private keys, cloud access key ids, and secret-looking properties with a value that the packaged default or the
   * prod profile would use (local and test profile values are not secrets: they only work against the emulators).
   */
  static List<String> textProblems(String where, String text) {
    var problems = new ArrayList<String>();
    if (PRIVATE_KEY.matcher(text).find()) {
      problems.add("private key in " + where);
    }
    if (ACCESS_KEY_ID.matcher(text).find()) {
      problems.add("access key id in " + where);
    }
    if (where.endsWith(".properties")) {
      var properties = new Properties();
      try {
        properties.load(new StringReader(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      properties.forEach((k, v) -> {
        var key = k.toString();
        var profile = key.startsWith("%") ? key.substring(1, key.indexOf('.')) : "";
        if ((profile.isEmpty() || profile.contains("prod")) && SECRET_PROPERTY.matcher(key).find() && !v.toString().isBlank()) {
          problems.add("secret-looking property " + key + " has a value in " + where);
        }
      });
    }
    return problems;
  }

  @Test
  void theSecretScanFindsWhatItLooksFor() {
    assertThat(textProblems("app.jar!application.properties", "gateway.sms.secret-key=abc\n%local.gateway.sms.secret-key=x\n")).hasSize(1);
    assertThat(textProblems("app.jar!application.properties", "%prod.gateway.flow.code-hmac-key=abc\n")).hasSize(1);
    assertThat(textProblems("app.jar!application.properties", "gateway.sms.secret-key=\nquarkus.http.port=8080\n")).isEmpty();
    assertThat(textProblems("jvm.args", "-Dx=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE\n")).hasSize(1);
    assertThat(textProblems("x.pem", "-----BEGIN RSA PRIVATE KEY-----\n")).hasSize(1);
    var shipped = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\n-----END PRIVATE KEY-----";
    var other = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkq\n-----END PRIVATE KEY-----";
    var classes = List.of("\u0001\u0000" + shipped + "\u0001");
    var markers = "\u0001-----BEGIN PRIVATE KEY-----\n\u0002-----END PRIVATE KEY-----\n\u0003";
    assertThat(cacheProblems("app.aot", "x" + shipped + "y" + markers, classes)).isEmpty();
    assertThat(cacheProblems("app.aot", "x" + shipped + "y" + other, classes)).containsExactly("private key in app.aot");
    assertThat(cacheProblems("app.aot", "-Dx=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", classes)).containsExactly("access key id in app.aot");
    assertThat(TEST_CLASS.matcher("io/associationgateway/flow/PolicyTest.class").matches()).isTrue();
    assertThat(TEST_CLASS.matcher("io/associationgateway/it/PackagedApp.class").matches()).isTrue();
    assertThat(TEST_CLASS.matcher("io/associationgateway/flow/BindingService.class").matches()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------

  static String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The nanoTime at which readiness answered 200, or null when the container stopped or the time ran out. */
  static Long awaitReady(Duration timeout) throws InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      var state = Podman.podman(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", container).out().trim();
      if (!state.equals("true")) {
        return null;
      }
      Thread.sleep(100);
    }
    return null;
  }

  static HttpResponse<String> http(String method, String path, String bearer, JsonObject body) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject ok(HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as("%s %s answered %s", response.request().method(), response.request().uri().getPath(), response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static String exec(String... command) {
    return execResult(command).ok().out();
  }

  static Podman.Result execResult(String... command) {
    var args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return Podman.podman(Duration.ofSeconds(30), args.toArray(String[]::new));
  }

  static String log() {
    var result = Podman.podman(Duration.ofSeconds(30), "logs", container);
    return result.out() + result.err();
  }
}
