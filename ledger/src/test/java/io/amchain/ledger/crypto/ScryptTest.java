package io.amchain.ledger.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.types.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/** Our scrypt against RFC 7914's test vectors, and against Bouncy Castle's where it applies. */
class ScryptTest {
  @Test
  void rfc7914Vectors() {
    assertArrayEquals(
        Bytes.fromHex(
                "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                    + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
            .toArray(),
        Scrypt.derive(ascii(""), ascii(""), 16, 1, 1, 64));
    assertArrayEquals(
        Bytes.fromHex(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                    + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
            .toArray(),
        Scrypt.derive(ascii("password"), ascii("NaCl"), 1024, 8, 16, 64));
  }

  @Test
  void agreesWithBouncyCastleWhereItsBoundAllows() {
    final Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      final byte[] password = new byte[random.nextInt(20)];
      final byte[] salt = new byte[random.nextInt(40)];
      random.nextBytes(password);
      random.nextBytes(salt);
      final int n = 2 << random.nextInt(8);
      final int r = 1 + random.nextInt(4);
      final int p = 1 + random.nextInt(3);
      final int length = 1 + random.nextInt(80);
      assertArrayEquals(
          SCrypt.generate(password, salt, n, r, p, length),
          Scrypt.derive(password, salt, n, r, p, length),
          "n=" + n + " r=" + r + " p=" + p);
    }
  }

  @Test
  void badParametersAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Scrypt.derive(ascii("p"), ascii("s"), 3, 1, 1, 32));
    assertThrows(
        IllegalArgumentException.class, () -> Scrypt.derive(ascii("p"), ascii("s"), 1, 1, 1, 32));
    assertThrows(
        IllegalArgumentException.class, () -> Scrypt.derive(ascii("p"), ascii("s"), 4, 0, 1, 32));
    assertThrows(
        IllegalArgumentException.class, () -> Scrypt.derive(ascii("p"), ascii("s"), 4, 1, 0, 32));
  }

  private static byte[] ascii(final String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
