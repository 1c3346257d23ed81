package io.amchain.node;

import io.amchain.ledger.crypto.KeyFile;
import io.amchain.ledger.crypto.Keystore;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.types.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "account",
    description = "Manage account keys in a keystore directory (geth's key file format).",
    subcommands = {
      AccountCommand.NewCommand.class,
      AccountCommand.ListCommand.class,
      AccountCommand.ImportCommand.class
    })
final class AccountCommand {

  /** What new and import share: where keys go and how they are locked. */
  static final class StoreOptions {
    @Option(names = "--keystore", required = true, description = "keystore directory")
    Path keystore;

    @Option(
        names = "--password-file",
        description = "file whose first line is the password (default: $AMCHAIN_PASSWORD)")
    Path passwordFile;

    @Option(
        names = "--light-kdf",
        description = "scrypt n=4096 instead of 262144: fast, and weak; for devnets and tests")
    boolean lightKdf;

    Keystore.Account store(final PrivateKey key) {
      final String password = Password.resolve(passwordFile, System.getenv());
      return Keystore.at(keystore)
          .store(
              key, password, lightKdf ? KeyFile.ScryptParams.LIGHT : KeyFile.ScryptParams.STANDARD);
    }
  }

  static void printAccount(final PrintWriter out, final Keystore.Account account) {
    out.println("Public address of the key:   " + account.address().toChecksumHex());
    out.println("Path of the secret key file: " + account.file());
  }

  @Command(name = "new", description = "Create a new random key, encrypted with a password.")
  static final class NewCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      printAccount(spec.commandLine().getOut(), options.store(PrivateKey.generate()));
      return 0;
    }
  }

  @Command(name = "list", description = "Print the accounts of a keystore, as geth does.")
  static final class ListCommand implements Callable<Integer> {
    @Option(names = "--keystore", required = true, description = "keystore directory")
    Path keystore;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      final List<Keystore.Account> accounts = Keystore.at(keystore).accounts();
      final PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < accounts.size(); i++) {
        final Keystore.Account account = accounts.get(i);
        out.println(
            "Account #"
                + i
                + ": {"
                + account.address().toHex().substring(2)
                + "} keystore://"
                + account.file().toAbsolutePath());
      }
      if (accounts.isEmpty()) {
        spec.commandLine().getErr().println("no accounts in " + keystore);
      }
      return 0;
    }
  }

  @Command(
      name = "import",
      description = "Import a private key (hex, in KEYFILE) into the keystore, encrypted.")
  static final class ImportCommand implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Parameters(index = "0", paramLabel = "KEYFILE", description = "file holding the key in hex")
    Path keyFile;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      printAccount(spec.commandLine().getOut(), options.store(readKey(keyFile)));
      return 0;
    }

    /** Error messages never quote the file: it holds a secret. */
    private static PrivateKey readKey(final Path file) {
      if (!Files.isRegularFile(file)) {
        throw new CliException("no key file " + file);
      }
      final String text;
      try {
        text = Hex.strip(Files.readString(file).trim());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read key file " + file, e);
      }
      if (!text.matches("[0-9a-fA-F]{64}")) {
        throw new CliException(
            file + " does not hold a private key: expected 64 hex digits, with or without 0x");
      }
      try {
        return PrivateKey.fromHex(text);
      } catch (IllegalArgumentException e) {
        throw new CliException(file + " does not hold a private key: " + e.getMessage());
      }
    }
  }
}
