package io.associationgateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InjectableBean;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates every application-scoped and singleton bean of the gateway at startup, on the main thread.
 *
 * <p>ArC creates such beans on first use. Left to the first requests, that happens on an event loop: it loads classes
 * for longer than the blocked-thread limit, and every other loop that needs the same bean meanwhile waits on ArC's
 * creation lock. Created here, the first request after startup runs like any other ({@code NonBlockingTest} checks
 * that no bean of ours is left to create when the first request arrives).
 */
@Singleton
class EagerBeans {

  private static final String OURS = "io.associationgateway.";

  void create(@Observes StartupEvent startup, BeanManager beans) {
    var created = 0;
    for (var bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      if (eager(bean)) {
        // a normal-scoped bean is reached through its client proxy, which creates the instance on first unwrap
        ClientProxy.unwrap(Arc.container().instance((InjectableBean<?>) bean).get());
        created++;
      }
    }
    Log.debugf("created %d beans at startup", created);
  }

  private static boolean eager(Bean<?> bean) {
    // a suppressed bean is one this configuration leaves out of lookups (@LookupIfProperty): not made here either
    return bean instanceof InjectableBean<?> injectable && injectable.getKind() == InjectableBean.Kind.CLASS && !injectable.isSuppressed()
        && bean.getBeanClass().getName().startsWith(OURS)
        && (bean.getScope() == ApplicationScoped.class || bean.getScope() == Singleton.class);
  }
}
