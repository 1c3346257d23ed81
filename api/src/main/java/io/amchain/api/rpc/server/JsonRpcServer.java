package io.amchain.api.rpc.server;

import io.amchain.api.NodeBackend;
import io.amchain.api.metrics.NodeMetrics;
import io.amchain.api.rpc.JsonRpcProcessor;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.RpcConfig;
import io.amchain.api.rpc.RpcContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The node's JSON-RPC endpoint: HTTP POST (single requests and batches) and WebSocket on the same
 * host, port and path {@code /}. Requests are answered by a {@link JsonRpcProcessor} whose methods
 * run on the actor system's blocking dispatcher.
 *
 * <p>A WebSocket client that stops reading is disconnected once its queue of replies and
 * notifications is full: it gets a last message that says so, then the close frame, and the node
 * lets go of its subscriptions at once, rather than drop some replies and keep the rest.
 *
 * <p>HTTP follows geth: a body over the size limit gets 413, a content type other than JSON 415, a
 * {@code Host} outside the virtual hosts 403 "invalid host specified". A browser Origin that is not
 * allowed gets 403 on HTTP and on the WebSocket handshake alike, so that a web page cannot drive a
 * node on its visitor's machine; requests without an Origin come from programs and are served. A
 * WebSocket connection keeps its own subscriptions, which end when it closes. The bearer token is
 * read from the {@code Authorization} header of the request or of the WebSocket handshake. Each
 * call's latency goes to the system's {@link NodeMetrics}.
 */
public final class JsonRpcServer implements AutoCloseable {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

  private final ServerBinding binding;
  private final List<AutoCloseable> resources;

  private JsonRpcServer(final ServerBinding binding, final List<AutoCloseable> resources) {
    this.binding = binding;
    this.resources = resources;
  }

  /** Serves every standard namespace over {@code backend}. */
  public static CompletionStage<JsonRpcServer> start(
      final ActorSystem<?> system, final NodeBackend backend, final RpcConfig config) {
    final RpcApi api = RpcApi.create(backend, config);
    return start(system, api.registry(), config, List.of(api));
  }

  /** Serves the methods of {@code registry}; {@code resources} are closed when the server stops. */
  public static CompletionStage<JsonRpcServer> start(
      final ActorSystem<?> system,
      final MethodRegistry registry,
      final RpcConfig config,
      final List<AutoCloseable> resources) {
    final Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    final JsonRpcProcessor processor =
        new JsonRpcProcessor(
            registry,
            blocking,
            config.requestTimeout(),
            config.maxBatchLength(),
            NodeMetrics.get(system)::rpcCompleted,
            config.limits().responseBytes());
    final Routes routes = new Routes(processor, config, Materializer.matFromSystem(system));
    return Http.get(system)
        .newServerAt(config.host(), config.port())
        // Pings keep quiet subscription connections from the server's idle timeout.
        .adaptSettings(
            settings ->
                settings.withWebsocketSettings(
                    settings.getWebsocketSettings().withPeriodicKeepAliveMaxIdle(KEEP_ALIVE)))
        .bind(routes.route())
        .handle(
            (binding, failure) -> {
              if (failure != null) {
                closeAll(resources);
                throw new java.util.concurrent.CompletionException(failure);
              }
              return new JsonRpcServer(binding, new ArrayList<>(resources));
            });
  }

  private static void closeAll(final List<AutoCloseable> resources) {
    for (final AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing listeners of a server that stops or never started: nobody is left to tell.
      }
    }
  }

  /** Where the server listens (the actual port when 0 was configured). */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Stops accepting connections, gives open requests a second, then closes. */
  public CompletionStage<Done> stop() {
    return binding
        .terminate(Duration.ofSeconds(1))
        .thenApply(
            terminated -> {
              closeAll(resources);
              return Done.getInstance();
            });
  }

  @Override
  public void close() {
    stop().toCompletableFuture().join();
  }

  /** The route, with what it needs from the server. */
  private static final class Routes {
    private final JsonRpcProcessor processor;
    private final RpcConfig config;
    private final Materializer materializer;
    private final AtomicInteger connections = new AtomicInteger();

    Routes(
        final JsonRpcProcessor processor, final RpcConfig config, final Materializer materializer) {
      this.processor = processor;
      this.config = config;
      this.materializer = materializer;
    }

    Route route() {
      return Directives.pathSingleSlash(
          () ->
              Directives.extractRequest(
                  request -> {
                    final Optional<String> host = request.getHeader("Host").map(HttpHeader::value);
                    if (host.isPresent() && !config.allowsHost(host.get())) {
                      return Directives.complete(
                          text(StatusCodes.FORBIDDEN, "invalid host specified"));
                    }
                    final Optional<String> origin =
                        request.getHeader("Origin").map(HttpHeader::value);
                    if (origin.isPresent() && !config.allowsOrigin(origin.get())) {
                      return Directives.complete(
                          text(
                              StatusCodes.FORBIDDEN,
                              "origin "
                                  + origin.get()
                                  + " not allowed: this node serves browser pages from "
                                  + (config.corsAllowedOrigins().isEmpty()
                                      ? "localhost only"
                                      : String.join(", ", config.corsAllowedOrigins()))
                                  + " (--rpc-cors)"));
                    }
                    final boolean authorized = authorized(request);
                    return Directives.concat(
                        Directives.options(() -> Directives.complete(preflight(origin))),
                        Directives.extractWebSocketUpgrade(
                            upgrade -> {
                              if (connections.incrementAndGet() > config.limits().connections()) {
                                connections.decrementAndGet();
                                return Directives.complete(
                                    text(
                                        StatusCodes.SERVICE_UNAVAILABLE,
                                        "too many WebSocket connections (limit "
                                            + config.limits().connections()
                                            + ", --rpc-max-connections)"));
                              }
                              return Directives.complete(
                                  upgrade.handleMessagesWith(webSocket(authorized)));
                            }),
                        Directives.post(
                            () ->
                                Directives.completeWithFuture(
                                    post(request, authorized)
                                        .thenApply(r -> withCors(r, origin)))));
                  }));
    }

    private boolean authorized(final HttpRequest request) {
      final Optional<String> token = config.bearerToken();
      if (token.isEmpty()) {
        return false;
      }
      final Optional<String> header = request.getHeader("Authorization").map(HttpHeader::value);
      if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
        return false;
      }
      return MessageDigest.isEqual(
          header.get().substring(7).trim().getBytes(StandardCharsets.UTF_8),
          token.get().getBytes(StandardCharsets.UTF_8));
    }

    private CompletionStage<HttpResponse> post(
        final HttpRequest request, final boolean authorized) {
      final OptionalLong length = request.entity().getContentLengthOption();
      if (length.isPresent() && length.getAsLong() > config.maxRequestBytes()) {
        // The body is read and thrown away rather than left unread: a connection closed while the
        // client is still writing makes it fail with a broken pipe before it can read the 413.
        request.discardEntityBytes(materializer);
        return CompletableFuture.completedFuture(
            text(
                StatusCodes.CONTENT_TOO_LARGE,
                "content length too large ("
                    + length.getAsLong()
                    + ">"
                    + config.maxRequestBytes()
                    + ")"));
      }
      if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
        request.discardEntityBytes(materializer);
        return CompletableFuture.completedFuture(
            text(
                StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                "invalid content type, only application/json is supported"));
      }
      return request
          .entity()
          .withSizeLimit(config.maxRequestBytes())
          .toStrict(config.requestTimeout().toMillis(), materializer)
          .thenCompose(
              strict -> {
                final RpcContext context = new RpcContext(authorized, null);
                return processor
                    .handle(strict.getData().utf8String(), context)
                    .thenApply(
                        response ->
                            response
                                .map(
                                    json ->
                                        HttpResponse.create()
                                            .withEntity(
                                                HttpEntities.create(
                                                    ContentTypes.APPLICATION_JSON, json)))
                                .orElseGet(HttpResponse::create));
              })
          .exceptionally(JsonRpcServer.Routes::failure);
    }

    /**
     * A connection: incoming requests are answered concurrently; replies and notifications share
     * one queue.
     */
    private Flow<Message, Message, NotUsed> webSocket(final boolean authorized) {
      final Pair<Pair<BoundedSourceQueue<String>, UniqueKillSwitch>, Source<String, NotUsed>>
          outgoing =
              Source.<String>queue(config.webSocketBuffer())
                  .viaMat(KillSwitches.single(), Keep.both())
                  .preMaterialize(materializer);
      // The one message that tells a client dropped for reading too slowly why, if it was.
      final CompletableFuture<Optional<String>> last = new CompletableFuture<>();
      final WebSocketSession session =
          new WebSocketSession(
              outgoing.first().first(), outgoing.first().second(), last, config.webSocketBuffer());
      final Sink<Message, NotUsed> incoming =
          Flow.<Message>create()
              .mapAsync(1, this::readText)
              .mapAsyncUnordered(
                  config.limits().requestsPerConnection(),
                  text -> {
                    final RpcContext context = new RpcContext(authorized, session);
                    return processor
                        .handle(text, context)
                        .thenApply(
                            response -> {
                              response.ifPresent(session::send);
                              context.replied();
                              return Done.getInstance();
                            });
                  })
              .watchTermination(
                  (notUsed, done) -> {
                    done.whenComplete(
                        (ok, failure) -> {
                          connections.decrementAndGet();
                          session.close();
                        });
                    return NotUsed.getInstance();
                  })
              .to(Sink.ignore());
      final Source<Message, NotUsed> replies =
          outgoing
              .second()
              .concat(
                  Source.completionStage(last).mapConcat(o -> o.map(List::of).orElse(List.of())))
              .map(TextMessage::create);
      return Flow.fromSinkAndSourceCoupled(incoming, replies);
    }

    /** A whole message as text; one larger than the request limit fails the connection. */
    private CompletionStage<String> readText(final Message message) {
      final Source<ByteString, ?> bytes =
          message.isText()
              ? message.asTextMessage().getStreamedText().map(ByteString::fromString)
              : message.asBinaryMessage().getStreamedData();
      return bytes
          .limitWeighted(config.maxRequestBytes(), chunk -> (long) chunk.size())
          .runFold(ByteString.emptyByteString(), ByteString::concat, materializer)
          .thenApply(ByteString::utf8String);
    }

    /** A body that could not be read: too long (a chunked body has no length up front) or late. */
    private static HttpResponse failure(final Throwable failure) {
      Throwable cause = failure;
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof EntityStreamSizeException size) {
        return text(
            StatusCodes.CONTENT_TOO_LARGE, "content length too large (limit " + size.limit() + ")");
      }
      return text(StatusCodes.INTERNAL_SERVER_ERROR, String.valueOf(cause.getMessage()));
    }

    private HttpResponse preflight(final Optional<String> origin) {
      HttpResponse response = HttpResponse.create();
      if (origin.isPresent()) {
        response =
            response.addHeaders(
                List.of(
                    RawHeader.create("Access-Control-Allow-Methods", "POST, GET"),
                    RawHeader.create("Access-Control-Allow-Headers", "Content-Type, Authorization"),
                    RawHeader.create("Access-Control-Max-Age", "600")));
      }
      return withCors(response, origin);
    }

    private HttpResponse withCors(final HttpResponse response, final Optional<String> origin) {
      if (origin.isEmpty()) {
        return response;
      }
      return response.addHeaders(
          List.of(
              RawHeader.create(
                  "Access-Control-Allow-Origin",
                  config.corsAllowedOrigins().contains("*") ? "*" : origin.get()),
              RawHeader.create("Vary", "Origin")));
    }

    private static HttpResponse text(
        final org.apache.pekko.http.javadsl.model.StatusCode status, final String body) {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body + "\n"));
    }
  }
}
