package io.associationgateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * What the production artefact serves besides the API under the prod profile: the OpenAPI document, but no Swagger UI
 * (a page that sends requests for whoever opens it has no place on a production host).
 */
class ProdSurfaceIT {

  @Test
  void swaggerUiIsOffInTheProdProfileWhileTheOpenApiDocumentIsServed() throws Exception {
    try (var redis = AofRedis.start();
        var upstreams = new ProdUpstreams();
        var app = PackagedApp.startProduction(upstreams.gatewayConfig(redis.hosts()))) {
      assertThat(app.awaitReady(Duration.ofSeconds(60))).as("gateway ready:\n%s", app.output()).isTrue();
      var client = HttpClient.newHttpClient();
      assertThat(client.send(HttpRequest.newBuilder(URI.create(app.url() + "/q/openapi")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
      for (var path : new String[]{"/q/swagger-ui", "/q/swagger-ui/", "/q/swagger-ui/index.html"}) {
        var answer = client.send(HttpRequest.newBuilder(URI.create(app.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
      }
    }
  }
}
