package io.amchain.node;

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

/**
 * Anvil (Foundry's node, revm) from the contracts module's npm packages, as the reference backend
 * the platform suite is compared with: chain id 1337, Cancun, the devnet's block gas limit and a
 * block every second, so deadlines pass in real time as on a devnet. {@link #close} stops the npm
 * launcher and the anvil binary it runs.
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

  /** Starts anvil on 127.0.0.1:{@code port} and waits until it answers JSON-RPC. */
  static AnvilProcess start(final int port, final Path log) {
    if (!Files.isExecutable(ANVIL)) {
      throw new IllegalStateException(ANVIL + " is missing: build the contracts module (npm ci)");
    }
    try {
      final Process process =
          new ProcessBuilder(
                  ANVIL.toString(),
                  "--port",
                  String.valueOf(port),
                  "--host",
                  "127.0.0.1",
                  "--chain-id",
                  "1337",
                  "--hardfork",
                  "cancun",
                  "--gas-limit",
                  "60000000",
                  "--block-time",
                  "1",
                  "--silent")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      final AnvilProcess anvil = new AnvilProcess(process, URI.create("http://127.0.0.1:" + port));
      try {
        anvil.awaitAnswer(Duration.ofSeconds(60));
      } catch (RuntimeException | AssertionError e) {
        anvil.close();
        throw e;
      }
      return anvil;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitAnswer(final Duration limit) {
    final long deadline = System.nanoTime() + limit.toNanos();
    final HttpRequest request =
        HttpRequest.newBuilder(rpc)
            .timeout(Duration.ofSeconds(2))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .build();
    while (true) {
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("0x539")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for anvil", e);
      }
      if (!process.isAlive() || System.nanoTime() - deadline > 0) {
        throw new AssertionError("anvil did not answer on " + rpc + " in " + limit);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for anvil", e);
      }
    }
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
