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
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code amchain devnet} as its users run it: a child process that starts the node processes, on
 * loopback ports shifted by an offset so that test classes never collide. {@link #close} stops it
 * the way Ctrl-C does, and kills anything left.
 */
final class DevnetProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final List<Process> restarted = new ArrayList<>();
  final Path datadir;
  final int portOffset;
  final int signers;

  /** Whether the devnet deploys its platform (it does unless started with --no-platform). */
  final boolean platform;

  private DevnetProcess(
      final Process process,
      final Path datadir,
      final int portOffset,
      final int signers,
      final boolean platform) {
    this.process = process;
    this.datadir = datadir;
    this.portOffset = portOffset;
    this.signers = signers;
    this.platform = platform;
  }

  /**
   * Starts a devnet and waits until every node's JSON-RPC answers and block 1 exists, its platform
   * is deployed (platform.json written) unless {@code --no-platform} is among the arguments, and it
   * printed its table.
   */
  static DevnetProcess start(
      final Path datadir, final int signers, final int portOffset, final String... extraArgs) {
    final List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AmchainCli.class.getName());
    command.add("devnet");
    command.add("--signers=" + signers);
    command.add("--datadir=" + datadir);
    command.add("--port-offset=" + portOffset);
    command.addAll(List.of(extraArgs));
    try {
      Files.createDirectories(datadir);
      final Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(datadir.resolve("devnet.out").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      final DevnetProcess devnet =
          new DevnetProcess(
              process, datadir, portOffset, signers, !List.of(extraArgs).contains("--no-platform"));
      try {
        // Generous: three cold JVMs on a busy 2-core machine; a deadline, not a wait.
        for (int i = 0; i < signers; i++) {
          devnet.awaitBlock(i, 1, Duration.ofMinutes(3));
        }
        devnet.awaitTable(Duration.ofMinutes(3));
      } catch (RuntimeException | AssertionError e) {
        // The caller never gets the devnet to close: stop it here, or its nodes outlive the test.
        final String logs = devnet.nodeLogTails();
        devnet.close();
        throw new AssertionError(e.getMessage() + "\n" + logs, e);
      }
      return devnet;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The platform.json the devnet writes once its platform is deployed. */
  Path manifest() {
    return datadir.resolve("platform.json");
  }

  /** Waits for the devnet's table: it prints it once its platform (if any) is deployed. */
  private void awaitTable(final Duration limit) {
    awaitWhileRunning(
        "the devnet's table",
        limit,
        () ->
            output().contains("Ctrl-C stops all nodes") && (!platform || Files.exists(manifest())));
  }

  /**
   * Polls {@code condition} until it holds; fails at once if the devnet exits, and with what it
   * printed after {@code limit}.
   */
  private void awaitWhileRunning(
      final String what, final Duration limit, final Callable<Boolean> condition) {
    try {
      await(what)
          .atMost(limit)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("the devnet exited:\n" + output());
                }
                return condition.call();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + ": not within " + limit + ":\n" + output(), e);
    }
  }

  /** Node i's JSON-RPC endpoint. */
  URI rpc(final int node) {
    return URI.create("http://127.0.0.1:" + (8545 + portOffset + node));
  }

  /** Node i's Pekko Management endpoint. */
  URI management(final int node) {
    return URI.create("http://127.0.0.1:" + (8558 + portOffset + node));
  }

  /** What the devnet printed (its table of nodes, endpoints, signers, accounts and tokens). */
  String output() {
    try {
      return Files.readString(datadir.resolve("devnet.out"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON-RPC call's raw response body, or null when the node does not answer. */
  String call(final int node, final String method, final String params) {
    return call(rpc(node), null, method, params);
  }

  /**
   * A JSON-RPC call's raw response body from {@code endpoint}, with {@code token} as its bearer
   * token unless null; null when nothing answers.
   */
  static String call(
      final URI endpoint, final String token, final String method, final String params) {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
                        + method
                        + "\",\"params\":"
                        + params
                        + "}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Node i's head number, or -1 when it does not answer. */
  long blockNumber(final int node) {
    final String body = call(node, "eth_blockNumber", "[]");
    if (body == null || !body.contains("\"result\":\"0x")) {
      return -1;
    }
    final int start = body.indexOf("\"result\":\"0x") + 12;
    return Long.parseLong(body.substring(start, body.indexOf('"', start)), 16);
  }

  void awaitBlock(final int node, final long number, final Duration limit) {
    awaitWhileRunning(
        "node " + node + " at block " + number, limit, () -> blockNumber(node) >= number);
  }

  /** The devnet's output and the last lines of each node's log, for a failure message. */
  private String nodeLogTails() {
    final StringBuilder text = new StringBuilder("devnet output:\n").append(output());
    for (int i = 0; i < signers; i++) {
      final Path log = datadir.resolve("node-" + i).resolve("logs").resolve("node.log");
      try {
        final List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        text.append("\nnode-").append(i).append(" log (last 20 lines):\n");
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(line -> text.append(line).append('\n'));
      } catch (IOException e) {
        text.append("\nnode-").append(i).append(" log unreadable: ").append(e.getMessage());
      }
    }
    return text.toString();
  }

  /** The pid of node i's process, from the file the devnet writes. */
  long nodePid(final int node) {
    try {
      return Long.parseLong(
          Files.readString(datadir.resolve("node-" + node).resolve("node.pid")).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills node i's process as {@code kill -9} does: no shutdown hook, no flush. */
  void kill(final int node) {
    final ProcessHandle handle =
        ProcessHandle.of(nodePid(node))
            .orElseThrow(() -> new IllegalStateException("node " + node + " is not running"));
    handle.destroyForcibly();
    handle.onExit().join();
  }

  /**
   * Starts node i again the way the devnet started it: the same command line and configuration, its
   * output appended to its log, its pid written to its pid file. {@link #close} stops it.
   */
  void restart(final int node) {
    final Path home = datadir.toAbsolutePath().resolve("node-" + node);
    try {
      final Process started =
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx768m",
                  "-Xss4m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  AmchainCli.class.getName(),
                  "node",
                  "--config",
                  home.resolve("node.conf").toString(),
                  "--platform-manifest",
                  datadir.toAbsolutePath().resolve("platform.json").toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(home.resolve("logs/node.log").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      restarted.add(started);
      Files.writeString(home.resolve("node.pid"), started.pid() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    final List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    restarted.forEach(Process::destroy);
    for (final Process node : restarted) {
      try {
        if (!node.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.destroyForcibly();
      }
    }
  }
}
