package io.amchain.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a command finds a key's password: the first line of {@code --password-file}, else the
 * {@code AMCHAIN_PASSWORD} environment variable. Never a flag's value, which other users of the
 * machine could read in the process list.
 */
final class Password {
  static final String ENVIRONMENT_VARIABLE = "AMCHAIN_PASSWORD";

  private Password() {}

  /**
   * The password.
   *
   * @throws CliException when neither source gives one, saying how to give one
   */
  static String resolve(final Path file, final Map<String, String> environment) {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new CliException("no password file " + file);
      }
      final List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read password file " + file, e);
      }
      return lines.isEmpty() ? "" : lines.get(0);
    }
    final String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    throw new CliException(
        "no password: give one with --password-file FILE (its first line) or in the "
            + ENVIRONMENT_VARIABLE
            + " environment variable");
  }
}
