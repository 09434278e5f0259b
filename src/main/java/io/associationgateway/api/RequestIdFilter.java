package io.associationgateway.api;

import java.util.UUID;

import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every request of the gateway's own endpoints gets a request id: the client's {@code x-request-id} when it is well
 * formed (the SDK sends a UUID), else a new UUID. It is in the log MDC ({@code request_id}), in audit events and echoed
 * in the response. A singleton, as the gateway's other beans: its two generated filters then go without a client proxy.
 */
@Singleton
public class RequestIdFilter {

  static final String HEADER = "x-request-id";
  static final String MDC_KEY = "request_id";

  @ServerRequestFilter(preMatching = true)
  public void assign(ContainerRequestContext request) {
    var id = request.getHeaderString(HEADER);
    if (id == null || id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
      id = UUID.randomUUID().toString();
    }
    MDC.put(MDC_KEY, id);
    request.setProperty(MDC_KEY, id);
  }

  @ServerResponseFilter
  public void echo(ContainerRequestContext request, ContainerResponseContext response) {
    var id = request.getProperty(MDC_KEY);
    if (id != null) {
      response.getHeaders().putSingle(HEADER, id);
    }
  }

  /** The request id of the current request, from the MDC. */
  static String current() {
    var id = MDC.get(MDC_KEY);
    return id == null ? UUID.randomUUID().toString() : id.toString();
  }
}
