package io.amchain.api.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /metrics} on the Pekko Management port: the node's {@link NodeMetrics} in the format
 * the scraper's {@code Accept} header asks for (Prometheus text by default; OpenMetrics and
 * Prometheus protobuf when asked). Pekko Management loads it from {@code
 * pekko.management.http.routes.amchain-metrics} in the api module's reference.conf.
 */
public final class MetricsRouteProvider implements ManagementRouteProvider {
  private final NodeMetrics metrics;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /** Pekko Management creates it with the actor system. */
  public MetricsRouteProvider(final ExtendedActorSystem system) {
    this.metrics = NodeMetrics.get(system);
  }

  @Override
  public Route routes(final ManagementRouteProviderSettings settings) {
    return Directives.path(
        "metrics",
        () ->
            Directives.get(
                () ->
                    Directives.optionalHeaderValueByName(
                        "Accept",
                        accept ->
                            Directives.completeWithFuture(
                                metrics.refresh().thenApply(ignored -> scrape(accept))))));
  }

  private HttpResponse scrape(final Optional<String> accept) {
    final ExpositionFormatWriter writer = formats.findWriter(accept.orElse(null));
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      writer.write(body, metrics.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics", e);
    }
    return HttpResponse.create()
        .withEntity(
            HttpEntities.create(ContentTypes.parse(writer.getContentType()), body.toByteArray()));
  }
}
