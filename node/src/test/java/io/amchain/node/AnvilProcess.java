package io.amchain.node;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Anvil (Foundry's node, revm) from the contracts module's npm packages: the reference backend the
 * platform suite is compared with ({@link #start}: blocks every second, so deadlines pass in real
 * time as on a devnet), or another chain than ours ({@link #startAsItComes}). {@link #close} stops
 * the npm launcher and the anvil binary it runs.
 */
final class AnvilProcess implements AutoCloseable {
  static final Path ANVIL =
      Path.of("..", "contracts", "node_modules", ".bin", "anvil").toAbsolutePath().normalize();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  final URI rpc;

  private AnvilProcess(final Process process, final URI rpc) {
    this.process = process;
    this.rpc = rpc;
  }

  /**
   * Starts anvil on 127.0.0.1:{@code port} as the platform suite's reference (chain id 1337,
   * Cancun, the devnet's block gas limit, a block every second) and waits until it answers.
   */
  static AnvilProcess start(final int port, final Path log) {
    return start(
        port,
        log,
        1337,
        List.of("--chain-id", "1337", "--hardfork", "cancun", "--gas-limit", "60000000"),
        List.of("--block-time", "1"));
  }

  /**
   * Starts anvil on 127.0.0.1:{@code port} as it comes (chain id 31337, a block per transaction):
   * another chain than ours, and waits until it answers.
   */
  static AnvilProcess startAsItComes(final int port, final Path log) {
    return start(port, log, 31337, List.of(), List.of());
  }

  private static AnvilProcess start(
      final int port,
      final Path log,
      final long chainId,
      final List<String> chainOptions,
      final List<String> blockOptions) {
    if (!Files.isExecutable(ANVIL)) {
      throw new IllegalStateException(ANVIL + " is missing: build the contracts module (npm ci)");
    }
    final List<String> command = new ArrayList<>();
    command.addAll(
        List.of(ANVIL.toString(), "--port", String.valueOf(port), "--host", "127.0.0.1"));
    command.addAll(chainOptions);
    command.addAll(blockOptions);
    command.add("--silent");
    try {
      final Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      final AnvilProcess anvil = new AnvilProcess(process, URI.create("http://127.0.0.1:" + port));
      try {
        anvil.awaitAnswer(chainId, Duration.ofSeconds(60));
      } catch (RuntimeException | AssertionError e) {
        anvil.close();
        throw e;
      }
      return anvil;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until anvil answers {@code eth_chainId} with {@code chainId}; fails if it exits. */
  private void awaitAnswer(final long chainId, final Duration limit) {
    final HttpRequest request =
        HttpRequest.newBuilder(rpc)
            .timeout(Duration.ofSeconds(2))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .build();
    final String answer = "\"0x" + Long.toHexString(chainId) + "\"";
    await("anvil answering on " + rpc)
        .atMost(limit)
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("anvil exited before it answered on " + rpc);
              }
              return HTTP.send(request, HttpResponse.BodyHandlers.ofString())
                  .body()
                  .contains(answer);
            });
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
