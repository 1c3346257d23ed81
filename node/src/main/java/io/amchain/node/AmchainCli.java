package io.amchain.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code amchain} command: one subcommand per task, each in its own class. */
@Command(
    name = "amchain",
    mixinStandardHelpOptions = true,
    versionProvider = AmchainCli.Version.class,
    description =
        "AMChain: a Clique proof-of-authority chain with an EVM, for cloud manufacturing.",
    subcommands = {
      AmchainCli.VersionCommand.class,
      DevnetCommand.class,
      NodeCommand.class,
      InitCommand.class,
      AccountCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      CliqueCommand.class,
      EvmCommand.class,
      PlatformCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AmchainCli {

  /** Nested EVM calls go 1024 frames deep: the command runs on a thread with room for that. */
  private static final long STACK_BYTES = 1L << 30;

  public static void main(final String[] args) throws InterruptedException {
    useCommonPoolForAsyncCallbacks();
    final int[] exit = {1};
    final Thread worker = new Thread(null, () -> exit[0] = run(args), "amchain", STACK_BYTES);
    worker.start();
    worker.join();
    System.exit(exit[0]);
  }

  /**
   * Pekko's Java API hands out futures whose callbacks always run asynchronously on
   * CompletableFuture's default executor. With one or two processors the JDK sizes the common pool
   * at one thread and then uses a new thread for every callback instead: under load a node spent
   * more CPU starting threads than answering JSON-RPC calls. Two threads or more keep the pool in
   * use. Set before anything touches the common pool; an explicit setting is left alone.
   */
  private static void useCommonPoolForAsyncCallbacks() {
    final String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(parallelism) == null) {
      System.setProperty(
          parallelism, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
  }

  /** Runs the command line and returns the exit code, so tests can call it in-process. */
  public static int run(final String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /** Runs the command line with its output and errors going to the given writers. */
  static int run(final PrintWriter out, final PrintWriter err, final String... args) {
    return new CommandLine(new AmchainCli())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              // Bad input and unreadable files are the user's to fix: say what, not where.
              if (e instanceof CliException
                  || e instanceof java.io.UncheckedIOException
                  || e instanceof io.amchain.ledger.genesis.GenesisException
                  || e instanceof io.amchain.ledger.crypto.KeystoreException
                  || e instanceof io.amchain.ledger.db.StorageException
                  || e instanceof io.amchain.contracts.PlatformException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
              }
              throw e;
            })
        .execute(args);
  }

  /** The version the build stamped into the jar. */
  public static String version() {
    final Properties properties = new Properties();
    try (InputStream in = AmchainCli.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"amchain " + version()};
    }
  }

  @Command(name = "version", description = "Print the version.")
  static final class VersionCommand implements Runnable {
    @Override
    public void run() {
      System.out.println("amchain " + version());
    }
  }
}
