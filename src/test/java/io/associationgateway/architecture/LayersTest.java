package io.associationgateway.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The packages, drawn from the compiled classes (imports, fully qualified names, annotations, signatures), form layers
 * whose arrows point one way: {@code api → flow → state, upstream}, with the error vocabulary ({@code failure}) and the
 * domain records ({@code domain}) as leaves that depend on nothing of ours, and no cycle between packages.
 */
class LayersTest {

  /** The compiled production classes, tests left out (local mode's included: it is in the default build). */
  static final JavaClasses PRODUCTION = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.associationgateway");

  @Test
  void layersPointOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("api").definedBy("io.associationgateway.api..")
        .layer("flow").definedBy("io.associationgateway.flow..")
        .layer("webhook").definedBy("io.associationgateway.webhook..")
        .layer("state").definedBy("io.associationgateway.state..")
        .layer("upstream").definedBy("io.associationgateway.upstream..")
        .layer("config").definedBy("io.associationgateway.config..")
        .layer("failure").definedBy("io.associationgateway.failure..")
        .layer("domain").definedBy("io.associationgateway.domain..")
        .layer("local").definedBy("io.associationgateway.local..")
        .whereLayer("api").mayOnlyBeAccessedByLayers("local")
        .whereLayer("flow").mayOnlyBeAccessedByLayers("api", "local")
        .whereLayer("webhook").mayOnlyBeAccessedByLayers("flow", "api", "local")
        .whereLayer("state").mayOnlyBeAccessedByLayers("flow", "api", "local")
        .whereLayer("upstream").mayOnlyBeAccessedByLayers("flow", "api", "webhook", "local")
        .whereLayer("config").mayOnlyBeAccessedByLayers("api", "flow", "webhook", "state", "upstream", "local")
        .whereLayer("local").mayNotBeAccessedByAnyLayer()
        .whereLayer("failure").mayNotAccessAnyLayer()
        .whereLayer("domain").mayOnlyAccessLayers("failure")
        .whereLayer("config").mayNotAccessAnyLayer()
        .check(PRODUCTION);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.associationgateway.(*)..").should().beFreeOfCycles().check(PRODUCTION);
  }
}
