package io.amchain.ledger.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Access to the official Ethereum vectors beside the repository, and the tally every conformance
 * suite prints: how many vectors ran, passed and were skipped (and why).
 */
public final class Conformance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String suite;
  private final AtomicInteger ran = new AtomicInteger();
  private final AtomicInteger passed = new AtomicInteger();
  private final List<String> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Conformance(final String suite) {
    this.suite = suite;
  }

  /** The ethereum-tests folder, from the system property the build sets. */
  public static Path root() {
    final String dir =
        System.getProperty("amchain.conformance.dir", "../../shared/conformance/ethereum-tests");
    final Path path = Paths.get(dir).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "conformance vectors not found at " + path + " (set -Dconformance.dir=...)");
    }
    return path;
  }

  public static JsonNode read(final Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every JSON file under the folder, in a stable order. */
  public static List<Path> jsonFiles(final Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one vector's check, counting it as passed only if it returns normally. */
  public void run(final Runnable check) {
    ran.incrementAndGet();
    check.run();
    passed.incrementAndGet();
  }

  public void skip(final String name, final String reason) {
    skipped.add(name + ": " + reason);
  }

  /** The line the suite prints when it ends, with the skip list. */
  public String summary() {
    final StringBuilder out =
        new StringBuilder(
            String.format(
                "[conformance] %s: %d ran, %d passed, %d failed, %d skipped",
                suite, ran.get(), passed.get(), ran.get() - passed.get(), skipped.size()));
    for (final String skip : skipped) {
      out.append(System.lineSeparator()).append("  skipped ").append(skip);
    }
    return out.toString();
  }
}
