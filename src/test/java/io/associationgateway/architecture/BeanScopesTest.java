package io.associationgateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.junit.jupiter.api.Test;

import io.associationgateway.api.SudoTokenRelay;

/**
 * The shipped beans are {@code @Singleton}: a call to an {@code @ApplicationScoped} bean goes through a client proxy
 * that looks the instance up in its context on every call (docs/development.md, "Stack notes"). The one exception is
 * {@link SudoTokenRelay}, whose proxy keeps the pass-through route, set up before the startup checks, from creating the
 * CloudBase client ahead of them. Local mode's stand-ins, never shipped, are left as they are.
 */
class BeanScopesTest {

  @Test
  void shippedBeansHaveNoClientProxy() {
    noClasses().that().resideOutsideOfPackage("io.associationgateway.local..").and()
        .doNotHaveFullyQualifiedName(SudoTokenRelay.class.getName())
        .should().beAnnotatedWith(ApplicationScoped.class).because("a @Singleton bean is called directly, without a client proxy")
        .check(LayersTest.PRODUCTION);
    noMethods().that().areDeclaredInClassesThat().resideOutsideOfPackage("io.associationgateway.local..")
        .should().beAnnotatedWith(ApplicationScoped.class).because("a @Singleton producer's product is called directly")
        .check(LayersTest.PRODUCTION);
  }

  @Test
  void requestFiltersLiveInSingletons() {
    methods().that().areAnnotatedWith(ServerRequestFilter.class).or().areAnnotatedWith(ServerResponseFilter.class)
        .should().beDeclaredInClassesThat().areAnnotatedWith(Singleton.class)
        .because("RESTEasy Reactive generates an application-scoped filter, with a client proxy, for a class without a scope")
        .check(LayersTest.PRODUCTION);
  }
}
