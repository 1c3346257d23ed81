package io.amchain.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Cassandra for a test, started and stopped by {@code deploy/local/cassandra} as a
 * developer runs it, with its data in a folder of the test's own. {@link #close} stops it.
 */
final class LocalCassandra implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final int CQL_PORT = 19042;
  private static final Path SCRIPT =
      Path.of("..", "deploy", "local", "cassandra").toAbsolutePath().normalize();

  private final Path dir;

  private LocalCassandra(final Path dir) {
    this.dir = dir;
  }

  /** Starts Cassandra in {@code dir} and returns once CQL answers, or fails saying why not. */
  static LocalCassandra start(final Path dir) {
    final LocalCassandra cassandra = new LocalCassandra(dir);
    final Result started = cassandra.run("start", 240);
    if (started.exit != 0) {
      // The script may have left a process that never opened CQL.
      cassandra.close();
      throw new AssertionError(
          "Cassandra did not start ("
              + SCRIPT
              + " start --dir "
              + dir
              + " exited with "
              + started.exit
              + "):\n"
              + started.output
              + "\n"
              + cassandra.logTail());
    }
    return cassandra;
  }

  @Override
  public void close() {
    final Result stopped = run("stop", 120);
    if (stopped.exit != 0) {
      System.err.println("[cassandra] stop failed (" + stopped.exit + "):\n" + stopped.output);
    }
  }

  private record Result(int exit, String output) {}

  private Result run(final String command, final long timeoutSeconds) {
    try {
      Files.createDirectories(dir);
      final Path output = Files.createTempFile(dir, "cassandra-" + command, ".out");
      final ProcessBuilder builder =
          new ProcessBuilder(List.of(SCRIPT.toString(), command, "--dir", dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().put("AMCHAIN_CASSANDRA_PORT", Integer.toString(CQL_PORT));
      builder.environment().put("AMCHAIN_CASSANDRA_STORAGE_PORT", "17000");
      builder.environment().put("AMCHAIN_CASSANDRA_JMX_PORT", "17199");
      final Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Result(
            -1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  private String logTail() {
    final Path log = dir.resolve("logs").resolve("cassandra.out");
    try {
      if (!Files.exists(log)) {
        return "(no " + log + ")";
      }
      final List<String> lines = Files.readAllLines(log);
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }
}
