package io.associationgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered object of {@code k8s/} validated against the Kubernetes 1.34 OpenAPI schemas that the pinned npm
 * package {@code kubernetes-models} 5.1.0 carries (src/test/k8s-schema, installed by the build's {@code npm ci}; no
 * download at test time): types, enums, formats, required fields. Unknown fields are caught by
 * {@link KubernetesManifestsTest}'s strict read. Each validation must fail on a broken copy.
 */
class KubernetesSchemaIT {

  record Validation(int exit, String output) {
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "overlays/local", "overlays/production"})
  void everyRenderedObjectMatchesItsSchema(String dir) throws Exception {
    var result = validate(KubernetesManifestsTest.text(dir));
    assertThat(result.output()).contains(", 0 problems");
    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void aWrongTypeOrValueFailsWithTheFieldNamed() throws Exception {
    var text = KubernetesManifestsTest.text("overlays/production");
    var wrongEnum = validate(text.replace("imagePullPolicy: IfNotPresent", "imagePullPolicy: Sometimes"));
    assertThat(wrongEnum.exit()).isEqualTo(1);
    assertThat(wrongEnum.output()).contains("apps/v1/Deployment association-gateway: data/spec/template/spec/containers/0/imagePullPolicy");
    var wrongType = validate(text.replace("minReplicas: 3", "minReplicas: three"));
    assertThat(wrongType.exit()).isEqualTo(1);
    assertThat(wrongType.output()).contains("HorizontalPodAutoscaler association-gateway: data/spec/minReplicas must be integer");
    var unknownKind = validate("apiVersion: example.org/v1\nkind: Gadget\nmetadata: {name: x}\n");
    assertThat(unknownKind.exit()).isEqualTo(1);
    assertThat(unknownKind.output()).contains("example.org/v1/Gadget x: no schema");
  }

  static Validation validate(String yaml) throws IOException, InterruptedException {
    var dir = KubernetesManifestsTest.projectDir().resolve("src/test/k8s-schema");
    assertThat(dir.resolve("node_modules/kubernetes-models")).as("npm ci in src/test/k8s-schema (the build runs it)").exists();
    var process = new ProcessBuilder("node", "validate.mjs").directory(dir.toFile()).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(yaml.getBytes(StandardCharsets.UTF_8));
    }
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("node validate.mjs finished").isTrue();
    return new Validation(process.exitValue(), output);
  }
}
