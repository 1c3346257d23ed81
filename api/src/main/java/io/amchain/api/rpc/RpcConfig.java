package io.amchain.api.rpc;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a node's JSON-RPC server behaves. Defaults follow geth where geth has one; {@link
 * #fromConfig} reads the {@code amchain.rpc} block of the node's HOCON configuration ({@code
 * reference.conf} in this module lists every key).
 *
 * @param host the address to bind; 127.0.0.1 unless the operator opens it
 * @param port 8545 by convention; 0 picks a free port (tests)
 * @param maxRequestBytes larger HTTP bodies and WebSocket messages are refused (geth: 5 MiB)
 * @param maxBatchLength longer batches get one "batch too large" error (geth: 1000)
 * @param corsAllowedOrigins origins browsers may call from ({@code *} for any); also the origins a
 *     WebSocket handshake may come from when the list is not empty
 * @param bearerToken the token methods that change the node require; empty refuses them to all
 * @param requestTimeout how long a method may take, asks to the node included
 * @param gasCap the most gas {@code eth_call} and {@code eth_estimateGas} may use (geth: 50M)
 * @param filterTimeout a filter not polled for this long is removed (geth: 5 minutes)
 * @param maxLogBlockRange the most blocks one {@code eth_getLogs} may scan
 * @param webSocketBuffer messages queued to a slow WebSocket client before notifications drop
 * @param clientVersion what {@code web3_clientVersion} answers
 * @param allowUnprotectedTransactions accept legacy transactions without EIP-155 (geth: no)
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
    boolean allowUnprotectedTransactions) {

  public RpcConfig {
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    bearerToken = bearerToken.filter(token -> !token.isEmpty());
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
        false);
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
        c.getBoolean("allow-unprotected-transactions"));
  }

  public RpcConfig withHost(final String value) {
    return new RpcConfig(
        value,
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
        allowUnprotectedTransactions);
  }

  public RpcConfig withPort(final int value) {
    return new RpcConfig(
        host,
        value,
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
        allowUnprotectedTransactions);
  }

  public RpcConfig withLimits(final int requestBytes, final int batchLength) {
    return new RpcConfig(
        host,
        port,
        requestBytes,
        batchLength,
        corsAllowedOrigins,
        bearerToken,
        requestTimeout,
        gasCap,
        filterTimeout,
        maxLogBlockRange,
        webSocketBuffer,
        clientVersion,
        allowUnprotectedTransactions);
  }

  public RpcConfig withCorsAllowedOrigins(final List<String> value) {
    return new RpcConfig(
        host,
        port,
        maxRequestBytes,
        maxBatchLength,
        value,
        bearerToken,
        requestTimeout,
        gasCap,
        filterTimeout,
        maxLogBlockRange,
        webSocketBuffer,
        clientVersion,
        allowUnprotectedTransactions);
  }

  public RpcConfig withBearerToken(final String value) {
    return new RpcConfig(
        host,
        port,
        maxRequestBytes,
        maxBatchLength,
        corsAllowedOrigins,
        Optional.of(value),
        requestTimeout,
        gasCap,
        filterTimeout,
        maxLogBlockRange,
        webSocketBuffer,
        clientVersion,
        allowUnprotectedTransactions);
  }

  public RpcConfig withFilterTimeout(final Duration value) {
    return new RpcConfig(
        host,
        port,
        maxRequestBytes,
        maxBatchLength,
        corsAllowedOrigins,
        bearerToken,
        requestTimeout,
        gasCap,
        value,
        maxLogBlockRange,
        webSocketBuffer,
        clientVersion,
        allowUnprotectedTransactions);
  }

  /** Whether a browser page from {@code origin} may call this server. */
  public boolean allowsOrigin(final String origin) {
    return corsAllowedOrigins.contains("*") || corsAllowedOrigins.contains(origin);
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
