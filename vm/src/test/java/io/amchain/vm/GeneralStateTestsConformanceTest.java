package io.amchain.vm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.amchain.vm.statetest.StateTestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * ethereum/tests GeneralStateTests: each test's Cancun post entries (Shanghai's, and so on back,
 * where it has none). stTimeConsuming runs only with -Damchain.statetests.all=true. Entries named
 * in {@code known-failures.txt} are skipped with that reason and listed; any other failure fails.
 */
class GeneralStateTestsConformanceTest {
  private static final AtomicInteger RAN = new AtomicInteger();
  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final List<String> SKIPPED = new java.util.concurrent.CopyOnWriteArrayList<>();

  @TestFactory
  List<DynamicTest> stateTests() throws IOException {
    final Path root =
        Paths.get(
                System.getProperty(
                    "amchain.conformance.dir", "../../shared/conformance/ethereum-tests"))
            .resolve("GeneralStateTests");
    final boolean all = Boolean.getBoolean("amchain.statetests.all");
    final Set<String> known = knownFailures();
    final List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(f -> f.toString().endsWith(".json"))
              .filter(f -> all || !f.toString().contains("stTimeConsuming"))
              .sorted()
              .collect(Collectors.toList());
    }
    final List<DynamicTest> tests = new ArrayList<>();
    for (final Path file : files) {
      final String folder = root.relativize(file.getParent()).toString();
      tests.add(
          DynamicTest.dynamicTest(
              folder + "/" + file.getFileName(),
              () -> {
                final List<String> failures = new ArrayList<>();
                for (final StateTestRunner.Result result :
                    StateTestRunner.runFile(file, null, null)) {
                  final String id = result.name() + "[" + result.index() + "]";
                  if (result.skipped() != null) {
                    SKIPPED.add(id + ": " + result.skipped());
                    continue;
                  }
                  if (known.contains(id)) {
                    SKIPPED.add(id + ": known failure" + (result.pass() ? " (now passes)" : ""));
                    continue;
                  }
                  RAN.incrementAndGet();
                  if (result.pass()) {
                    PASSED.incrementAndGet();
                  } else {
                    failures.add(id + " " + result.error());
                  }
                }
                assertTrue(failures.isEmpty(), String.join("\n", failures));
              }));
    }
    assumeTrue(!tests.isEmpty(), "no state tests found under " + root);
    return tests;
  }

  private static Set<String> knownFailures() {
    try (var in =
        GeneralStateTestsConformanceTest.class.getResourceAsStream("/known-failures.txt")) {
      if (in == null) {
        return Set.of();
      }
      final Set<String> known = new TreeSet<>();
      new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .forEach(
              line -> known.add(line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line));
      return known;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void printTally() {
    System.out.printf(
        "[conformance] GeneralStateTests: %d ran, %d passed, %d failed, %d skipped%n",
        RAN.get(), PASSED.get(), RAN.get() - PASSED.get(), SKIPPED.size());
    final java.util.Map<String, Long> reasons =
        SKIPPED.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.substring(s.lastIndexOf("]: ") + 3),
                    java.util.TreeMap::new,
                    Collectors.counting()));
    reasons.forEach((reason, count) -> System.out.printf("  skipped %d: %s%n", count, reason));
  }
}
