package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The README's operator path ("Deploying to Kubernetes": tag, push, pin the digest in the production overlay, check
 * the render), extracted from the README and run as written by bash, in a copy of {@code k8s/}, with only its
 * {@code IMAGE=} line pointed at a real registry on 127.0.0.1 (Debian's {@code docker-registry}). The registry is
 * marked insecure (plain HTTP) through {@code CONTAINERS_REGISTRIES_CONF}, so the podman commands need no extra flag.
 */
class DeployPathIT {

  static final String MARKER = "`DeployPathIT` runs this block as written";
  static final String IMAGE_LINE = "IMAGE=registry.example.com/association-gateway/association-gateway ";
  static final String REGISTRY = "/usr/bin/docker-registry";

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  Path work;
  Process registry;
  String pushed;
  /** host:port of the registry on loopback, and the image name the block's IMAGE= line is pointed at. */
  String host;
  String image;

  @AfterEach
  void cleanUp() throws IOException, InterruptedException {
    if (pushed != null) {
      Podman.podman(Duration.ofMinutes(1), "rmi", pushed);
    }
    if (registry != null) {
      registry.destroy();
      registry.waitFor();
    }
    if (work != null) {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The first ```bash block after {@link #MARKER} in the deployment guide (docs/deployment.md). */
  static String readmeBlock() throws IOException {
    var readme = Files.readString(Podman.projectDir().resolve("docs/deployment.md"));
    var at = readme.indexOf(MARKER);
    assertThat(at).as("docs/deployment.md's deploy section says DeployPathIT runs its block").isNotNegative();
    var start = readme.indexOf("```bash\n", at) + "```bash\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theReadmesTagPushAndPinStepsWorkAgainstARealRegistry() throws Exception {
    assumePodmanAndTheRegistryAreInstalled();
    Podman.buildGatewayImages();
    var script = theReadmesBlockPointedAtALocalRegistry();
    startARegistryOnLoopback();
    var project = runTheBlockInACopyOfK8s(script);
    var digest = theRegistryHoldsTheImageUnderTheTagWithThePodmanDigest(project);
    theEditedOverlayPinsTheImageByDigestAndChangesNothingElse(project, digest);
  }

  private static void assumePodmanAndTheRegistryAreInstalled() {
    Podman.assumeAvailable("DeployPathIT");
    var registryInstalled = Files.isExecutable(Path.of(REGISTRY));
    if ("true".equals(System.getenv("CI"))) {
      assertThat(registryInstalled).as("DeployPathIT needs %s (Debian: docker-registry; .ci/run installs it)", REGISTRY).isTrue();
    }
    Assumptions.assumeTrue(registryInstalled,
        "DeployPathIT needs " + REGISTRY + " (Debian: apt-get install docker-registry): skipped");
  }

  /** The README's block as a bash script whose only change is its {@code IMAGE=} line, naming a registry on loopback. */
  private String theReadmesBlockPointedAtALocalRegistry() throws IOException {
    var block = readmeBlock();
    assertThat(block).as("the block starts by naming the image").startsWith(IMAGE_LINE);
    work = Files.createTempDirectory("deploy-path");
    host = "127.0.0.1:" + Podman.freePort();
    image = host + "/association-gateway/association-gateway";
    var script = "set -euo pipefail\n" + block.replace(IMAGE_LINE, "IMAGE=" + image + " ");
    assertThat(script.lines().filter(l -> l.contains("registry.example.com"))).as("only the IMAGE= line names the registry").isEmpty();
    return script;
  }

  /** A real registry, storing on disk under the work directory, marked insecure (plain HTTP) for podman. */
  private void startARegistryOnLoopback() throws IOException, InterruptedException {
    Files.writeString(work.resolve("registry.yml"), """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: %s
        """.formatted(work.resolve("registry"), host));
    Files.writeString(work.resolve("registries.conf"), """
        [[registry]]
        location = "%s"
        insecure = true
        """.formatted(host));
    registry = new ProcessBuilder(REGISTRY, "serve", work.resolve("registry.yml").toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("registry.log").toFile()).start();
    awaitRegistry(HTTP, host);
  }

  /** The repository's k8s/ as the operator has it, in a directory of its own (the block edits the overlay). */
  private Path runTheBlockInACopyOfK8s(String script) throws IOException {
    var project = Files.createDirectories(work.resolve("project"));
    copy(Podman.projectDir().resolve("k8s"), project.resolve("k8s"));
    Files.writeString(project.resolve("deploy.sh"), script);
    pushed = image + ":1.0.0";
    var run = Podman.run(Duration.ofMinutes(5), Map.of("CONTAINERS_REGISTRIES_CONF", work.resolve("registries.conf").toString()),
        "bash", "-c", "cd " + project + " && bash deploy.sh");
    assertThat(run.exit()).as("the README's block, run by bash; stderr:\n%s\nstdout:\n%s\nregistry log:\n%s", run.err(), run.out(),
        Files.readString(work.resolve("registry.log"))).isZero();
    return project;
  }

  /** The registry holds the image under the tag, with the digest podman wrote; returns that digest. */
  private String theRegistryHoldsTheImageUnderTheTagWithThePodmanDigest(Path project) throws IOException, InterruptedException {
    var digest = Files.readString(project.resolve("image.digest")).trim();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    var manifest = HTTP
        .send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/association-gateway/association-gateway/manifests/1.0.0"))
            .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
            .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(manifest.statusCode()).isEqualTo(200);
    assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(digest);
    return digest;
  }

  /** The edited overlay renders the gateway Deployment with that image, by digest; nothing else changed. */
  private void theEditedOverlayPinsTheImageByDigestAndChangesNothingElse(Path project, String digest) throws IOException {
    var rendered = KubernetesManifestsTest.readStrictly(KubernetesManifestsTest.kustomize(project.resolve("k8s/overlays/production")));
    var deployment = rendered.stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(KubernetesManifestsTest.APP))
        .map(Deployment.class::cast).findFirst().orElseThrow();
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(image + "@" + digest);
    var before = Files.readString(Podman.projectDir().resolve("k8s/overlays/production/kustomization.yaml"));
    var after = Files.readString(project.resolve("k8s/overlays/production/kustomization.yaml"));
    var pinned = Pattern.compile("(?m)^    (newName|digest): .*$");
    assertThat(pinned.matcher(after).replaceAll("$1")).as("the sed touches only newName and digest")
        .isEqualTo(pinned.matcher(before).replaceAll("$1"));
  }

  static void awaitRegistry(HttpClient http, String host) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("docker-registry did not answer on " + host + " within 30 s");
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (var file : (Iterable<Path>) files::iterator) {
        var target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
