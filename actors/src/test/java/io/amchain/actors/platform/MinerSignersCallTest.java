package io.amchain.actors.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ABI decoding of {@code minerSigners()}'s {@code address[]}, and its selector. */
class MinerSignersCallTest {
  private static final String A = "f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  private static final String B = "70997970c51812dc3a010c7d01b50e0d17dc79c8";

  private static String word(final long value) {
    return String.format("%064x", value);
  }

  private static String address(final String hex) {
    return "000000000000000000000000" + hex;
  }

  @Test
  void theSelectorIsTheFirstFourBytesOfTheSignaturesKeccak() {
    // ethers: id("minerSigners()").slice(0, 10)
    assertEquals(Bytes.fromHex("0x04625a95"), MinerSignersCall.SELECTOR);
  }

  @Test
  void decodesTheAddressesInOrder() {
    final Bytes output = Bytes.fromHex(word(32) + word(2) + address(A) + address(B));
    assertEquals(
        List.of(Address.fromHex("0x" + A), Address.fromHex("0x" + B)),
        MinerSignersCall.decodeAddresses(output));
  }

  @Test
  void anEmptyArrayIsAnEmptyList() {
    assertEquals(List.of(), MinerSignersCall.decodeAddresses(Bytes.fromHex(word(32) + word(0))));
  }

  @Test
  void followsTheOffsetWhereverItPoints() {
    final Bytes output = Bytes.fromHex(word(64) + word(0xdead) + word(1) + address(A));
    assertEquals(List.of(Address.fromHex("0x" + A)), MinerSignersCall.decodeAddresses(output));
  }

  @Test
  void leavesOutTheZeroAddressAndDuplicates() {
    final Bytes output = Bytes.fromHex(word(32) + word(3) + address(A) + word(0) + address(A));
    assertEquals(List.of(Address.fromHex("0x" + A)), MinerSignersCall.decodeAddresses(output));
  }

  @Test
  void refusesWhatIsNoAddressArray() {
    assertThrows(
        IllegalArgumentException.class, () -> MinerSignersCall.decodeAddresses(Bytes.EMPTY));
    // A length beyond the data.
    assertThrows(
        IllegalArgumentException.class,
        () -> MinerSignersCall.decodeAddresses(Bytes.fromHex(word(32) + word(2) + address(A))));
    // An offset beyond the data.
    assertThrows(
        IllegalArgumentException.class,
        () -> MinerSignersCall.decodeAddresses(Bytes.fromHex(word(4096) + word(0))));
    // A word with bits above the 160 of an address.
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MinerSignersCall.decodeAddresses(
                Bytes.fromHex(word(32) + word(1) + "01" + "00".repeat(11) + A)));
    // A huge offset (a uint256 that no int holds).
    assertThrows(
        IllegalArgumentException.class,
        () -> MinerSignersCall.decodeAddresses(Bytes.fromHex("ff".repeat(32) + word(0))));
  }
}
