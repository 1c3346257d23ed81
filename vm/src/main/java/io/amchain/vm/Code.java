package io.amchain.vm;

import io.amchain.ledger.cache.LruCache;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import org.jspecify.annotations.Nullable;

/**
 * Bytecode ready to run: its bytes and which offsets are valid JUMPDESTs. The analysis of a
 * deployed contract depends only on its code, so it is kept by code hash and shared by every frame
 * (and thread) that runs the same contract, as Besu and Nethermind do: without it each call would
 * copy and scan the whole contract before its first instruction. A deployed contract also keeps the
 * words its PUSH instructions push, made the first time each runs.
 */
final class Code {
  static final Code EMPTY = new Code(Bytes.EMPTY, false);

  /** Deployed contracts kept analysed, least recently used dropped first. */
  private static final int CACHED_CONTRACTS = 1_024;

  private static final LruCache<Hash, Code> CACHE = new LruCache<>(CACHED_CONTRACTS);

  private final Bytes bytes;
  private final byte[] array;
  private final long[] jumpDestinations;

  /**
   * PUSH immediates by the PUSH's offset, filled as they run; null for init code, which runs once.
   * Threads may race to fill a slot: each writes an equal, immutable word, so any one will do.
   */
  private final Word @Nullable [] immediates;

  private Code(final Bytes bytes, final boolean deployed) {
    this.bytes = bytes;
    this.array = bytes.toArray();
    this.jumpDestinations = analyse(array);
    this.immediates = deployed ? new Word[array.length] : null;
  }

  /** Code that is not (yet) in the state, such as init code: analysed here, not cached. */
  static Code of(final Bytes bytes) {
    return bytes.isEmpty() ? EMPTY : new Code(bytes, false);
  }

  /** The code of the account at {@code address}, analysed once per distinct code. */
  static Code of(final WorldState world, final Address address) {
    final Hash hash = world.getCodeHash(address);
    if (hash.equals(Keccak.EMPTY) || hash.equals(Hash.ZERO)) {
      return EMPTY;
    }
    final Code cached = CACHE.get(hash);
    if (cached != null) {
      return cached;
    }
    final Code code = new Code(world.getCode(address), true);
    CACHE.put(hash, code);
    return code;
  }

  private static long[] analyse(final byte[] code) {
    final long[] destinations = new long[(code.length + 63) >>> 6];
    for (int pc = 0; pc < code.length; pc++) {
      final int op = code[pc];
      if (op == 0x5b) {
        destinations[pc >>> 6] |= 1L << pc;
      } else if (op >= 0x60 && op <= 0x7f) {
        pc += op - 0x5f;
      }
    }
    return destinations;
  }

  Bytes bytes() {
    return bytes;
  }

  /** The bytes, shared: the interpreter reads them and nobody writes them. */
  byte[] array() {
    return array;
  }

  int size() {
    return array.length;
  }

  boolean isEmpty() {
    return array.length == 0;
  }

  /** The word PUSHn at {@code pc} pushes ({@code width} = n). */
  Word immediate(final int pc, final int width) {
    final Word[] cache = immediates;
    if (cache == null) {
      return Word.fromCode(array, pc + 1, width);
    }
    Word word = cache[pc];
    if (word == null) {
      word = Word.fromCode(array, pc + 1, width);
      cache[pc] = word;
    }
    return word;
  }

  boolean isJumpDestination(final int pc) {
    return pc < array.length && (jumpDestinations[pc >>> 6] & (1L << pc)) != 0;
  }
}
