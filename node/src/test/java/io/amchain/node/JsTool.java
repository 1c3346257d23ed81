package io.amchain.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Node.js tools run by the tests: installs an npm project's locked packages when one is missing,
 * and runs a command in it with its output in a log file. Never inheritIO(): the test JVM's stdin
 * and stdout are Surefire's channel to Maven.
 */
final class JsTool {
  /** Where the tests' npm projects live, relative to the node module. */
  static final Path JS = Path.of("src", "test", "js");

  private JsTool() {}

  /** Runs {@code npm ci} in {@code dir} unless every dependency of its package.json is there. */
  static void install(final Path dir) {
    if (!installed(dir)) {
      run(dir, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
    }
  }

  /** Whether every dependency of the package.json in {@code dir} is in its node_modules. */
  static boolean installed(final Path dir) {
    try {
      final List<String> names = new ArrayList<>();
      final var json = new ObjectMapper().readTree(dir.resolve("package.json").toFile());
      for (final String section : List.of("dependencies", "devDependencies")) {
        json.path(section).fieldNames().forEachRemaining(names::add);
      }
      return names.stream()
          .allMatch(name -> Files.isDirectory(dir.resolve("node_modules").resolve(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a command in {@code dir} and returns its output (stdout and stderr); throws with that
   * output when it exits non-zero or outlives {@code limit}.
   */
  static String run(final Path dir, final Duration limit, final String... command) {
    return run(dir, limit, Map.of(), command);
  }

  /** As {@link #run(Path, Duration, String...)}, with variables added to the environment. */
  static String run(
      final Path dir,
      final Duration limit,
      final Map<String, String> environment,
      final String... command) {
    try {
      final Path log = Files.createTempFile("amchain-js", ".log");
      final ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      final Process process = builder.start();
      final boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      final String output = Files.readString(log);
      Files.delete(log);
      if (!exited || process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command)
                + (exited ? " failed" : " did not finish in " + limit)
                + " in "
                + dir.toAbsolutePath()
                + ":\n"
                + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }
}
