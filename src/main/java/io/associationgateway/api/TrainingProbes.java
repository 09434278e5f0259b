package io.associationgateway.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

/**
 * The requests the image build's AOT training start sends to itself before it ends ({@link GatewayMain}): the startup,
 * readiness and liveness probes, a few rounds each, over HTTP/1.1 on {@code 127.0.0.1}, as the kubelet sends them. A
 * real start answers these first, so the classes they load and the profiles they record go into the JVM's AOT cache,
 * and the first probes of a real start no longer load, link and interpret them (BENCHMARKS.md, "Ready time: a training
 * start that answers its probes"). With the training's placeholder Redis the readiness probe answers 503; the code it
 * runs to get there is the same. Only the training start calls this; it blocks, so never on an event loop.
 */
@Singleton
public class TrainingProbes {

  /** The probe paths of {@code k8s/base/deployment.yaml} ({@code KubernetesManifestsTest} pins them there). */
  static final List<String> PATHS = List.of("/q/health/live", "/q/health/ready", "/q/health/started");
  /** Rounds over {@link #PATHS}: enough for the request path's methods to record a profile. */
  static final int ROUNDS = 20;
  /** How long one probe may take before the training start fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Sends {@link #ROUNDS} rounds of {@link #PATHS} to {@code port} on {@code 127.0.0.1}, one at a time.
   *
   * @return each answer's status, in the order sent
   * @throws IllegalStateException when a probe gets no answer within {@link #TIMEOUT}, so that the training start,
   *     and with it the image build, fails rather than write a cache that lacks the probes' classes
   */
  public List<Integer> send(int port) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    List<Integer> statuses = new ArrayList<>(ROUNDS * PATHS.size());
    for (int round = 0; round < ROUNDS; round++) {
      for (String path : PATHS) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build();
        try {
          statuses.add(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("AOT training start: interrupted while probing " + path, e);
        } catch (IOException e) {
          throw new IllegalStateException(
              "AOT training start: no answer to " + path + " after " + statuses.size() + " answered", e);
        }
      }
    }
    return statuses;
  }
}
