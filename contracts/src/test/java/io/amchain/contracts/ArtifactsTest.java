package io.amchain.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The build's artifacts are on the classpath, complete, and implement the fixed interface. */
class ArtifactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MemberRegistry",
        "DesignRegistry",
        "JobMarket",
        "Escrow",
        "TelemetryOracle",
        "Arbitration",
        "Reputation",
        "PartPassport"
      })
  void artifactHasCodeAndImplementsItsWholeInterface(String name) throws IOException {
    JsonNode artifact = load(name + ".json");
    assertEquals(name, artifact.path("contractName").asText());
    assertEquals(name + ".sol", artifact.path("sourceName").asText());
    assertTrue(artifact.path("abi").size() > 0, name + ": empty ABI");
    for (String field : List.of("bytecode", "deployedBytecode")) {
      String hex = artifact.path(field).asText();
      assertTrue(hex.matches("0x([0-9a-f]{2})+"), name + ": " + field + " is not non-empty hex");
    }

    Set<JsonNode> implemented = new HashSet<>();
    artifact.path("abi").forEach(implemented::add);
    List<String> missing = new ArrayList<>();
    for (JsonNode entry : load("interfaces/I" + name + ".json").path("abi")) {
      if (!implemented.contains(entry)) {
        missing.add(entry.path("type").asText() + " " + entry.path("name").asText());
      }
    }
    assertEquals(List.of(), missing, name + " lacks entries of I" + name + " (or differs in them)");
  }

  @Test
  void copiedInterfacesAreByteIdenticalToTheSpecification() throws IOException {
    Path spec =
        Path.of(System.getProperty("amchain.platform.spec.dir", "../shared/specs/platform"));
    assumeTrue(Files.isDirectory(spec), "no specification folder at " + spec);
    Path copies =
        Path.of(System.getProperty("amchain.contracts.sources", "src/main/solidity"))
            .resolve("interfaces");
    Set<String> specified = solidityFiles(spec);
    assertEquals(specified, solidityFiles(copies));
    for (String file : specified) {
      assertTrue(
          java.util.Arrays.equals(
              Files.readAllBytes(spec.resolve(file)), Files.readAllBytes(copies.resolve(file))),
          file + " differs from " + spec.resolve(file));
    }
  }

  private static Set<String> solidityFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sol"))
          .collect(TreeSet::new, Set::add, Set::addAll);
    }
  }

  private static JsonNode load(String resource) throws IOException {
    try (InputStream in =
        ArtifactsTest.class.getResourceAsStream("/io/amchain/contracts/" + resource)) {
      assertNotNull(in, "no artifact io/amchain/contracts/" + resource + " on the classpath");
      return JSON.readTree(in);
    }
  }
}
