package io.amchain.ledger.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

  /** The EIP-55 specification's own examples. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
      })
  void printsAndAcceptsEip55Checksums(final String checksummed) {
    final Address address = Address.fromHex(checksummed);
    assertEquals(checksummed, address.toChecksumHex());
    assertEquals(checksummed.toLowerCase(java.util.Locale.ROOT), address.toHex());
  }

  @Test
  void acceptsSingleCaseInputWithoutChecksum() {
    final String lower = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
    assertEquals(
        Address.fromHex(lower),
        Address.fromHex(lower.toUpperCase(java.util.Locale.ROOT).replace("0X", "0x")));
  }

  @Test
  void rejectsBadChecksum() {
    final IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Address.fromHex("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void rejectsWrongLength() {
    assertThrows(IllegalArgumentException.class, () -> Address.fromHex("0x1234"));
  }

  @Test
  void ordersAsUnsignedBytes() {
    final Address low = Address.fromHex("0x7f00000000000000000000000000000000000000");
    final Address high = Address.fromHex("0x8000000000000000000000000000000000000000");
    assertTrue(low.compareTo(high) < 0);
  }
}
