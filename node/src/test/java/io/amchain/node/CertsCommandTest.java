package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.pki.pem.DERPrivateKeyLoader;
import org.apache.pekko.pki.pem.PEMDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code amchain certs ca|node}, run in-process: the files a node's TLS reads, and bad input. */
class CertsCommandTest {
  @TempDir Path dir;

  private CliRun ca(final Path out, final String... more) {
    return CliRun.of(concat(List.of("certs", "ca", "--out", out.toString()), more));
  }

  private CliRun node(final Path ca, final String id, final Path out, final String... more) {
    return CliRun.of(
        concat(
            List.of(
                "certs", "node", "--ca", ca.toString(), "--node-id", id, "--out", out.toString()),
            more));
  }

  private static String[] concat(final List<String> first, final String... more) {
    final String[] all = new String[first.size() + more.length];
    first.toArray(all);
    System.arraycopy(more, 0, all, first.size(), more.length);
    return all;
  }

  @Test
  void issuesANodeCertificateThatItsCaSignedWithTheNodeIdAndTheClusterName() throws Exception {
    final Path caDir = dir.resolve("ca");
    final CliRun created = ca(caDir, "--name", "Test consortium");
    assertEquals(0, created.exit(), created.err());
    final Path nodeDir = dir.resolve("node-3");
    final CliRun issued = node(caDir, "node-3", nodeDir);
    assertEquals(0, issued.exit(), issued.err());
    assertTrue(issued.out().contains("CN=node-3"), issued.out());

    final X509Certificate certificate = Certificates.checkNodeDirectory(nodeDir, Instant.now());
    final X509Certificate authority = Certificates.readCertificate(caDir.resolve("ca.crt"));
    certificate.verify(authority.getPublicKey());
    assertEquals("CN=Test consortium", certificate.getIssuerX500Principal().getName());
    assertEquals("node-3", Certificates.commonName(certificate));
    assertEquals(List.of("node-3", "amchain"), Certificates.subjectNames(certificate));
    assertTrue(
        certificate
            .getExtendedKeyUsage()
            .containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "serverAuth and clientAuth");
    assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
    assertEquals(
        Files.readString(caDir.resolve("ca.crt")), Files.readString(nodeDir.resolve("ca.crt")));
    // What Pekko's rotating provider loads the key with: it reads RSA in PKCS#8 only.
    assertEquals(
        "RSA",
        DERPrivateKeyLoader.load(PEMDecoder.decode(Files.readString(nodeDir.resolve("tls.key"))))
            .getAlgorithm());
    for (final Path key : List.of(caDir.resolve("ca.key"), nodeDir.resolve("tls.key"))) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("tls.crt"))));
  }

  @Test
  void refusesToOverwriteWithoutForce() throws IOException {
    final Path caDir = dir.resolve("ca");
    assertEquals(0, ca(caDir).exit());
    final String caKey = Files.readString(caDir.resolve("ca.key"));
    final CliRun again = ca(caDir);
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("ca.") && again.err().contains("exists"), again.err());
    assertEquals(caKey, Files.readString(caDir.resolve("ca.key")));

    final Path nodeDir = dir.resolve("node");
    assertEquals(0, node(caDir, "node-0", nodeDir).exit());
    final String cert = Files.readString(nodeDir.resolve("tls.crt"));
    final CliRun twice = node(caDir, "node-0", nodeDir);
    assertEquals(2, twice.exit());
    assertTrue(twice.err().contains("--force"), twice.err());
    assertEquals(cert, Files.readString(nodeDir.resolve("tls.crt")));

    final CliRun forced = node(caDir, "node-0", nodeDir, "--force");
    assertEquals(0, forced.exit(), forced.err());
    assertNotEquals(cert, Files.readString(nodeDir.resolve("tls.crt")));
    Certificates.checkNodeDirectory(nodeDir, Instant.now());
  }

  @Test
  void badInputIsAClearErrorAndWritesNothing() throws IOException {
    final CliRun noCa = node(dir.resolve("missing"), "node-0", dir.resolve("out"));
    assertEquals(2, noCa.exit());
    assertTrue(noCa.err().contains("no CA in"), noCa.err());
    assertTrue(!Files.exists(dir.resolve("out")), "nothing written");

    final Path caDir = dir.resolve("ca");
    assertEquals(0, ca(caDir).exit());
    final CliRun badId = node(caDir, "node_0!", dir.resolve("out"));
    assertEquals(2, badId.exit());
    assertTrue(badId.err().contains("cannot name a certificate"), badId.err());
    final CliRun noDays = node(caDir, "node-0", dir.resolve("out"), "--days", "0");
    assertEquals(2, noDays.exit());
    assertTrue(noDays.err().contains("--days must be at least 1"), noDays.err());
    final CliRun outlives = node(caDir, "node-0", dir.resolve("out"), "--days", "4000");
    assertEquals(2, outlives.exit());
    assertTrue(outlives.err().contains("outlive its CA"), outlives.err());
    assertTrue(!Files.exists(dir.resolve("out")), "nothing written");

    // A node certificate is no CA: issuing with it is refused.
    assertEquals(0, node(caDir, "node-0", dir.resolve("node")).exit());
    final Path fake = dir.resolve("fake-ca");
    Files.createDirectories(fake);
    Files.copy(dir.resolve("node/tls.crt"), fake.resolve("ca.crt"));
    Files.copy(dir.resolve("node/tls.key"), fake.resolve("ca.key"));
    final CliRun notCa = node(fake, "node-1", dir.resolve("out"));
    assertEquals(2, notCa.exit());
    assertTrue(notCa.err().contains("is not a CA certificate"), notCa.err());
  }

  @Test
  void aNodeDirectoryMixingTwoCasOrKeysIsRefusedAtStart() throws IOException {
    final Path caDir = dir.resolve("ca");
    final Path otherCa = dir.resolve("other-ca");
    assertEquals(0, ca(caDir).exit());
    assertEquals(0, ca(otherCa).exit());
    final Path nodeDir = dir.resolve("node");
    assertEquals(0, node(caDir, "node-0", nodeDir).exit());
    final Path otherNode = dir.resolve("other-node");
    assertEquals(0, node(otherCa, "node-0", otherNode).exit());

    Files.copy(
        otherCa.resolve("ca.crt"),
        nodeDir.resolve("ca.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    final CliException foreign =
        assertThrows(
            CliException.class, () -> Certificates.checkNodeDirectory(nodeDir, Instant.now()));
    assertTrue(foreign.getMessage().contains("is not signed by the CA"), foreign.getMessage());

    Files.copy(
        caDir.resolve("ca.crt"),
        nodeDir.resolve("ca.crt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        otherNode.resolve("tls.key"),
        nodeDir.resolve("tls.key"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    final CliException wrongKey =
        assertThrows(
            CliException.class, () -> Certificates.checkNodeDirectory(nodeDir, Instant.now()));
    assertTrue(wrongKey.getMessage().contains("is not the key of"), wrongKey.getMessage());

    final CliException expired =
        assertThrows(
            CliException.class,
            () ->
                Certificates.checkNodeDirectory(
                    otherNode, Instant.now().plus(java.time.Duration.ofDays(400))));
    assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
  }
}
