package io.amchain.actors.platform;

import io.amchain.actors.NodeResources;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockEnvironment;
import io.amchain.vm.Call;
import io.amchain.vm.StateTransition;
import io.amchain.vm.TransactionResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code IMemberRegistry.minerSigners()} run with the EVM on a block's state, as {@code eth_call}
 * runs a view: from the zero address, paying nothing, on a throwaway view of the state. Blocking
 * (it reads RocksDB): call it from the blocking dispatcher.
 */
final class MinerSignersCall {
  /** The first four bytes of keccak256("minerSigners()"). */
  static final Bytes SELECTOR =
      Keccak.hash("minerSigners()".getBytes(StandardCharsets.US_ASCII)).bytes().slice(0, 4);

  /** Enough for thousands of miners; bounds what a wrong address can cost at every head. */
  private static final long GAS = 10_000_000;

  private static final int WORD = 32;

  private MinerSignersCall() {}

  /** What the registry answered at a block. */
  sealed interface Answer {}

  /** The sealing addresses of the active MINERs, in the registry's order, without duplicates. */
  record Listed(List<Address> miners) implements Answer {
    Listed {
      miners = List.copyOf(miners);
    }
  }

  /** No usable answer: no contract there, a revert, a malformed return value. */
  record Unusable(String reason) implements Answer {}

  static Answer at(final NodeResources resources, final BlockHeader block, final Address registry) {
    final WorldState state = resources.stateAt(block);
    if (state.getCode(registry).isEmpty()) {
      return new Unusable("no contract at " + registry.toChecksumHex());
    }
    final TransactionResult result;
    try {
      result =
          StateTransition.call(
              state,
              environment(resources, block),
              resources.genesis().forks().rulesOf(block),
              new Call(
                  Address.ZERO,
                  registry,
                  GAS,
                  UInt256.ZERO,
                  UInt256.ZERO,
                  SELECTOR,
                  AccessList.EMPTY),
              null);
    } catch (TransactionException e) {
      return new Unusable("minerSigners() could not run: " + e.getMessage());
    }
    if (!result.success()) {
      return new Unusable("minerSigners() failed: " + result.halt());
    }
    try {
      return new Listed(decodeAddresses(result.output()));
    } catch (IllegalArgumentException e) {
      return new Unusable("minerSigners() returned no address[]: " + e.getMessage());
    }
  }

  /**
   * An ABI-encoded {@code address[]} return value: the offset of the array, then at that offset its
   * length and one left-padded word per address. The zero address is left out: it has no key, and a
   * signer set holding it could only lose liveness.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  static List<Address> decodeAddresses(final Bytes output) {
    final int offset = smallInt(output, 0, "offset");
    final int length = smallInt(output, offset, "length");
    final int start = offset + WORD;
    if ((long) start + (long) length * WORD > output.size()) {
      throw new IllegalArgumentException(
          length + " addresses announced, " + output.size() + " bytes returned");
    }
    final Set<Address> addresses = new LinkedHashSet<>();
    for (int i = 0; i < length; i++) {
      final Bytes word = output.slice(start + i * WORD, start + (i + 1) * WORD);
      if (!word.slice(0, WORD - Address.SIZE).isZero()) {
        throw new IllegalArgumentException("word " + i + " is not an address: " + word.toHex());
      }
      final Address address = Address.fromWord(word);
      if (!address.equals(Address.ZERO)) {
        addresses.add(address);
      }
    }
    return new ArrayList<>(addresses);
  }

  /** The word at {@code at} as a non-negative int that can index {@code output}. */
  private static int smallInt(final Bytes output, final int at, final String what) {
    if (at < 0 || (long) at + WORD > output.size()) {
      throw new IllegalArgumentException(
          "no " + what + " word at " + at + " of " + output.size() + " bytes");
    }
    final BigInteger value = new BigInteger(1, output.slice(at, at + WORD).toArray());
    if (value.compareTo(BigInteger.valueOf(output.size())) > 0) {
      throw new IllegalArgumentException(
          what + " " + value + " beyond the " + output.size() + " bytes returned");
    }
    return value.intValueExact();
  }

  private static BlockEnvironment environment(
      final NodeResources resources, final BlockHeader block) {
    return BlockEnvironment.of(
            block,
            block.number() == 0 ? Address.ZERO : Clique.signer(block),
            resources.chainId(),
            resources::canonicalHash)
        .withBaseFee(UInt256.ZERO);
  }
}
