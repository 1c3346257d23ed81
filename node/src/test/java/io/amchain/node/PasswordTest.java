package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordTest {
  private static final Map<String, String> ENVIRONMENT = Map.of("AMCHAIN_PASSWORD", "from env");

  @Test
  void theFileComesFirstAndOnlyItsFirstLineCounts(@TempDir final Path dir) throws IOException {
    final Path file = Files.writeString(dir.resolve("p"), "from file\r\nnext\n");
    assertEquals("from file", Password.resolve(file, ENVIRONMENT));
    assertEquals("", Password.resolve(Files.writeString(dir.resolve("empty"), ""), Map.of()));
  }

  @Test
  void elseTheEnvironment() {
    assertEquals("from env", Password.resolve(null, ENVIRONMENT));
  }

  @Test
  void elseAnErrorThatSaysHowToGiveOne() {
    final CliException e = assertThrows(CliException.class, () -> Password.resolve(null, Map.of()));
    assertTrue(e.getMessage().contains("--password-file"), e.getMessage());
    assertTrue(e.getMessage().contains("AMCHAIN_PASSWORD"), e.getMessage());
  }
}
