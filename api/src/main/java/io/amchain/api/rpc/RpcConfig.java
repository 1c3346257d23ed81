package io.amchain.api.rpc;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How a node's JSON-RPC server behaves. Defaults follow geth where geth has one; {@link
 * #fromConfig} reads the {@code amchain.rpc} block of the node's HOCON configuration ({@code
 * reference.conf} in this module lists every key).
 *
 * @param host the address to bind; 127.0.0.1 unless the operator opens it
 * @param port 8545 by convention; 0 picks a free port (tests)
 * @param maxRequestBytes larger HTTP bodies and WebSocket messages are refused (geth: 5 MiB)
 * @param maxBatchLength longer batches get one "batch too large" error (geth: 1000)
 * @param corsAllowedOrigins origins browsers may call from, over HTTP and WebSocket ({@code *} for
 *     any); empty: pages on this machine only. Requests without an Origin (not from a browser) are
 *     always served
 * @param bearerToken the token methods that change the node require; empty refuses them to all
 * @param requestTimeout how long a method may take, asks to the node included
 * @param gasCap the most gas {@code eth_call} and {@code eth_estimateGas} may use (geth: 50M)
 * @param filterTimeout a filter not polled for this long is removed (geth: 5 minutes)
 * @param maxLogBlockRange the most blocks one {@code eth_getLogs} may scan
 * @param webSocketBuffer messages queued to a WebSocket client that does not read; one more closes
 *     its connection
 * @param clientVersion what {@code web3_clientVersion} answers
 * @param allowUnprotectedTransactions accept legacy transactions without EIP-155 (geth: no)
 * @param virtualHosts the {@code Host} names requests may carry besides the bind address ({@code *}
 *     for any): a browser tricked by DNS rebinding sends the attacker's name (geth --http.vhosts)
 * @param namespaces the method namespaces served ({@code --rpc-api}); others answer -32601
 * @param limits the caps on what one client may take
 */
public record RpcConfig(
    String host,
    int port,
    int maxRequestBytes,
    int maxBatchLength,
    List<String> corsAllowedOrigins,
    Optional<String> bearerToken,
    Duration requestTimeout,
    long gasCap,
    Duration filterTimeout,
    long maxLogBlockRange,
    int webSocketBuffer,
    String clientVersion,
    boolean allowUnprotectedTransactions,
    List<String> virtualHosts,
    Set<String> namespaces,
    Limits limits) {

  /** The namespaces this server has, in the order {@code --rpc-api} lists them. */
  public static final List<String> NAMESPACES =
      List.of("eth", "net", "web3", "clique", "txpool", "admin");

  /**
   * The namespaces served when none are configured: geth's HTTP default (eth, net, web3) plus the
   * Clique reads a PoA chain's tools need and txpool_status, which the load and pool tools read.
   * admin is left out: it describes the node's peers, which a dapp has no need to see.
   */
  public static final Set<String> DEFAULT_NAMESPACES =
      Set.of("eth", "net", "web3", "clique", "txpool");

  /** The Host names served when none are configured; the bind address is always added. */
  public static final List<String> DEFAULT_VIRTUAL_HOSTS =
      List.of("localhost", "127.0.0.1", "[::1]");

  /**
   * What one client may take from the node; each cap answers with a clear error, never a partial
   * result.
   *
   * @param logs the most logs one {@code eth_getLogs} or {@code eth_getFilterLogs} answers with
   * @param filters the most polling filters installed at once, over all clients
   * @param subscriptionsPerConnection the most subscriptions one WebSocket connection holds
   * @param connections the most WebSocket connections open at once
   * @param responseBytes the largest response, a whole batch included (geth: 25 MB)
   * @param requestsPerConnection how many requests of one WebSocket connection run at once
   */
  public record Limits(
      int logs,
      int filters,
      int subscriptionsPerConnection,
      int connections,
      long responseBytes,
      int requestsPerConnection) {

    public Limits {
      if (logs < 1
          || filters < 1
          || subscriptionsPerConnection < 1
          || connections < 1
          || responseBytes < 1
          || requestsPerConnection < 1) {
        throw new IllegalArgumentException("every JSON-RPC limit must be at least 1: " + this);
      }
    }

    public static Limits defaults() {
      return new Limits(10_000, 10_000, 128, 1000, 25_000_000L, 8);
    }

    /** A builder that starts from these limits. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Changes some limits of a {@link Limits} and keeps the others. */
    public static final class Builder {
      private int logs;
      private int filters;
      private int subscriptionsPerConnection;
      private int connections;
      private final long responseBytes;
      private final int requestsPerConnection;

      private Builder(final Limits from) {
        logs = from.logs;
        filters = from.filters;
        subscriptionsPerConnection = from.subscriptionsPerConnection;
        connections = from.connections;
        responseBytes = from.responseBytes;
        requestsPerConnection = from.requestsPerConnection;
      }

      public Builder logs(final int value) {
        logs = value;
        return this;
      }

      public Builder filters(final int value) {
        filters = value;
        return this;
      }

      public Builder subscriptionsPerConnection(final int value) {
        subscriptionsPerConnection = value;
        return this;
      }

      public Builder connections(final int value) {
        connections = value;
        return this;
      }

      public Limits build() {
        return new Limits(
            logs,
            filters,
            subscriptionsPerConnection,
            connections,
            responseBytes,
            requestsPerConnection);
      }
    }
  }

  public RpcConfig {
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    bearerToken = bearerToken.filter(token -> !token.isEmpty());
    virtualHosts = virtualHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    namespaces = Set.copyOf(namespaces);
    for (final String namespace : namespaces) {
      if (!NAMESPACES.contains(namespace)) {
        throw new IllegalArgumentException(
            "unknown JSON-RPC namespace \""
                + namespace
                + "\" (there are "
                + String.join(", ", NAMESPACES)
                + ")");
      }
    }
  }

  /** geth's defaults on 127.0.0.1:8545, no CORS, no bearer token. */
  public static RpcConfig defaults() {
    return new RpcConfig(
        "127.0.0.1",
        8545,
        5 * 1024 * 1024,
        1000,
        List.of(),
        Optional.empty(),
        Duration.ofSeconds(10),
        50_000_000L,
        Duration.ofMinutes(5),
        100_000L,
        1024,
        defaultClientVersion(),
        false,
        DEFAULT_VIRTUAL_HOSTS,
        DEFAULT_NAMESPACES,
        Limits.defaults());
  }

  /** Reads {@code amchain.rpc}; keys missing there fall back to {@code reference.conf}. */
  public static RpcConfig fromConfig(final Config root) {
    final Config c = root.getConfig("amchain.rpc");
    final String version = c.getString("client-version");
    return new RpcConfig(
        c.getString("host"),
        c.getInt("port"),
        (int) c.getBytes("max-request-size").longValue(),
        c.getInt("max-batch-length"),
        c.getStringList("cors-allowed-origins"),
        Optional.of(c.getString("bearer-token")),
        c.getDuration("request-timeout"),
        c.getLong("gas-cap"),
        c.getDuration("filter-timeout"),
        c.getLong("max-log-block-range"),
        c.getInt("websocket-buffer"),
        version.isEmpty() ? defaultClientVersion() : version,
        c.getBoolean("allow-unprotected-transactions"),
        c.getStringList("vhosts"),
        Set.copyOf(c.getStringList("api")),
        new Limits(
            c.getInt("logs-limit"),
            c.getInt("max-filters"),
            c.getInt("max-subscriptions-per-connection"),
            c.getInt("max-connections"),
            c.getBytes("max-response-size"),
            c.getInt("max-requests-per-connection")));
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Changes some settings of an {@link RpcConfig} and keeps the others (tests and the CLI start
   * from {@link #defaults} or {@link #fromConfig}). It has a setter for each setting a caller
   * changes; the others keep their value.
   */
  public static final class Builder {
    private String host;
    private int port;
    private int maxRequestBytes;
    private int maxBatchLength;
    private List<String> corsAllowedOrigins;
    private Optional<String> bearerToken;
    private final Duration requestTimeout;
    private final long gasCap;
    private final Duration filterTimeout;
    private final long maxLogBlockRange;
    private int webSocketBuffer;
    private final String clientVersion;
    private final boolean allowUnprotectedTransactions;
    private List<String> virtualHosts;
    private Set<String> namespaces;
    private Limits limits;

    private Builder(final RpcConfig from) {
      host = from.host;
      port = from.port;
      maxRequestBytes = from.maxRequestBytes;
      maxBatchLength = from.maxBatchLength;
      corsAllowedOrigins = from.corsAllowedOrigins;
      bearerToken = from.bearerToken;
      requestTimeout = from.requestTimeout;
      gasCap = from.gasCap;
      filterTimeout = from.filterTimeout;
      maxLogBlockRange = from.maxLogBlockRange;
      webSocketBuffer = from.webSocketBuffer;
      clientVersion = from.clientVersion;
      allowUnprotectedTransactions = from.allowUnprotectedTransactions;
      virtualHosts = from.virtualHosts;
      namespaces = from.namespaces;
      limits = from.limits;
    }

    public Builder host(final String value) {
      host = value;
      return this;
    }

    public Builder port(final int value) {
      port = value;
      return this;
    }

    public Builder maxRequestBytes(final int value) {
      maxRequestBytes = value;
      return this;
    }

    public Builder maxBatchLength(final int value) {
      maxBatchLength = value;
      return this;
    }

    public Builder corsAllowedOrigins(final List<String> value) {
      corsAllowedOrigins = value;
      return this;
    }

    public Builder bearerToken(final String value) {
      bearerToken = Optional.of(value);
      return this;
    }

    public Builder webSocketBuffer(final int value) {
      webSocketBuffer = value;
      return this;
    }

    public Builder virtualHosts(final List<String> value) {
      virtualHosts = value;
      return this;
    }

    public Builder namespaces(final Set<String> value) {
      namespaces = value;
      return this;
    }

    public Builder limits(final Limits value) {
      limits = value;
      return this;
    }

    public RpcConfig build() {
      return new RpcConfig(
          host,
          port,
          maxRequestBytes,
          maxBatchLength,
          corsAllowedOrigins,
          bearerToken,
          requestTimeout,
          gasCap,
          filterTimeout,
          maxLogBlockRange,
          webSocketBuffer,
          clientVersion,
          allowUnprotectedTransactions,
          virtualHosts,
          namespaces,
          limits);
    }
  }

  /**
   * Whether a browser page from {@code origin} may call this server. With no origins configured
   * only pages served from this machine may (loopback, any port), as geth allows for WebSocket: any
   * other page could otherwise drive a node on the user's machine from the user's browser.
   */
  public boolean allowsOrigin(final String origin) {
    if (corsAllowedOrigins.isEmpty()) {
      return isLoopbackOrigin(origin);
    }
    return corsAllowedOrigins.contains("*") || corsAllowedOrigins.contains(origin);
  }

  private static boolean isLoopbackOrigin(final String origin) {
    final java.net.URI uri;
    try {
      uri = new java.net.URI(origin);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    final String scheme = uri.getScheme();
    final String name = uri.getHost();
    return scheme != null
        && name != null
        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
        && uri.getRawUserInfo() == null
        && LOOPBACK.contains(name.toLowerCase(Locale.ROOT));
  }

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  /**
   * Whether a request's {@code Host} header (name and optional port) names this server: one of
   * {@link #virtualHosts} or the bind address; {@code *} allows any. A web page that rebinds its
   * own DNS name to 127.0.0.1 still sends its own name, which is refused.
   */
  public boolean allowsHost(final String hostHeader) {
    if (virtualHosts.contains("*")) {
      return true;
    }
    final String value = hostHeader.strip().toLowerCase(Locale.ROOT);
    final String name;
    if (value.startsWith("[")) {
      final int end = value.indexOf(']');
      name = end < 0 ? value : value.substring(0, end + 1);
    } else {
      final int colon = value.indexOf(':');
      name = colon < 0 ? value : value.substring(0, colon);
    }
    if (name.isEmpty()) {
      return false;
    }
    final String bound = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return virtualHosts.contains(name) || name.equals(bound.toLowerCase(Locale.ROOT));
  }

  /** What {@link #allowsOrigin} and {@link #allowsHost} accept, in words for a banner or a log. */
  public String accessSummary() {
    final String origins =
        corsAllowedOrigins.isEmpty()
            ? "loopback pages only (http(s)://localhost|127.0.0.1|[::1]:any)"
            : corsAllowedOrigins.contains("*") ? "any" : String.join(", ", corsAllowedOrigins);
    final String hosts =
        virtualHosts.contains("*") ? "any" : String.join(", ", virtualHosts) + ", " + host;
    return "browser origins: "
        + origins
        + "; Host names: "
        + hosts
        + "; namespaces: "
        + String.join(",", NAMESPACES.stream().filter(namespaces::contains).toList());
  }

  /** geth's form: name/version/os-arch/runtime. */
  public static String defaultClientVersion() {
    final String version =
        Optional.ofNullable(RpcConfig.class.getPackage().getImplementationVersion())
            .orElse("0.1.0");
    return "AMChain/v"
        + version
        + "/"
        + System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT)
        + "-"
        + System.getProperty("os.arch", "unknown")
        + "/java"
        + Runtime.version().feature();
  }
}
