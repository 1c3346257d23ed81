package io.amchain.node;

import io.amchain.ledger.types.Fork;
import io.amchain.vm.statetest.StateTestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "evm",
    description = "Run the EVM on its own.",
    subcommands = {EvmCommand.StateTestCommand.class, EvmRunCommand.class})
final class EvmCommand {

  @Command(
      name = "statetest",
      description = {
        "Run ethereum/tests GeneralStateTests files, printing geth's evm statetest JSON.",
        "Ends with the line \"N passed, M failed, K skipped\"; exits non-zero on any failure."
      })
  static final class StateTestCommand implements Callable<Integer> {
    @Option(
        names = "--fork",
        description = "fork to run (default: the newest each test has, up to Cancun)")
    String fork;

    @Option(names = "--run", description = "only tests whose name matches this regular expression")
    String run;

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR")
    List<Path> paths;

    @Override
    public Integer call() {
      final Fork only = fork == null ? null : Fork.parse(fork);
      final Pattern filter = run == null ? null : Pattern.compile(run);
      int passed = 0;
      int failed = 0;
      int skipped = 0;
      final StringBuilder json = new StringBuilder("[");
      for (final Path file : files()) {
        for (final StateTestRunner.Result r : StateTestRunner.runFile(file, only, filter)) {
          if (r.skipped() != null) {
            skipped++;
            continue;
          }
          if (r.pass()) {
            passed++;
          } else {
            failed++;
          }
          json.append(json.length() > 1 ? ",\n" : "\n")
              .append("  {\"name\": ")
              .append(quote(r.name()))
              .append(", \"pass\": ")
              .append(r.pass())
              .append(", \"fork\": ")
              .append(quote(r.fork()))
              .append(", \"stateRoot\": ")
              .append(quote(r.stateRoot()));
          if (!r.pass()) {
            json.append(", \"error\": ").append(quote(r.error()));
          }
          json.append('}');
        }
      }
      System.out.println(json.append("\n]"));
      System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
      return failed == 0 ? 0 : 1;
    }

    private List<Path> files() {
      final List<Path> files = new ArrayList<>();
      for (final Path path : paths) {
        if (!Files.exists(path)) {
          throw new CliException("no such file or directory: " + path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
          files.addAll(
              walk.filter(f -> f.toString().endsWith(".json"))
                  .sorted()
                  .collect(Collectors.toList()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return files;
    }

    private static String quote(final String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
