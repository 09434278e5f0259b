package io.associationgateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.associationgateway.api.SudoTokenRelay;

/**
 * The shipped beans are {@code @Singleton}: a call to an {@code @ApplicationScoped} bean goes through a client proxy
 * that looks the instance up in its context on every call (docs/development.md, "Stack notes"). The one exception is
 * {@link SudoTokenRelay}, whose proxy keeps the pass-through route, set up before the startup checks, from creating the
 * CloudBase client ahead of them. Local mode's stand-ins, never shipped, are left as they are.
 */
class BeanScopesTest {

  private static final JavaClasses SHIPPED = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.associationgateway");

  @Test
  void shippedBeansHaveNoClientProxy() {
    noClasses().that().resideOutsideOfPackage("io.associationgateway.local..").and()
        .doNotHaveFullyQualifiedName(SudoTokenRelay.class.getName())
        .should().beAnnotatedWith(ApplicationScoped.class).because("a @Singleton bean is called directly, without a client proxy")
        .check(SHIPPED);
    noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackage("io.associationgateway.local..")
        .should().beAnnotatedWith(ApplicationScoped.class).because("a @Singleton producer's product is called directly")
        .check(SHIPPED);
  }

  @Test
  void filtersAndExceptionMappersLiveInSingletons() {
    methods().that().areAnnotatedWith(ServerRequestFilter.class).or().areAnnotatedWith(ServerResponseFilter.class)
        .or().areAnnotatedWith(ServerExceptionMapper.class)
        .should().beDeclaredInClassesThat().areAnnotatedWith(Singleton.class)
        .because("RESTEasy Reactive generates an application-scoped filter or mapper, with a client proxy, for a class without a scope")
        .check(SHIPPED);
  }
}
