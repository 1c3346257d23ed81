package io.amchain.vm;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.genesis.ForkSchedule;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs bytecode in a fresh state, as {@code evm run} does: the code sits at a fixed address and is
 * called by a fixed sender with the given input and gas.
 */
public final class CodeRunner {
  private static final Address SENDER =
      Address.fromHex("0x000000000000000000000000000000000000c0de");
  private static final Address CONTRACT =
      Address.fromHex("0x00000000000000000000000000000000000c0de0");

  /** Block 1 of a chain with id 1337, base fee 0 and a 30M gas limit; no earlier block hashes. */
  private static final BlockHeader HEADER =
      BlockHeader.builder().number(1).gasLimit(30_000_000).baseFee(UInt256.ZERO).build();

  private static final BlockEnvironment BLOCK =
      BlockEnvironment.of(HEADER, Address.ZERO, 1337, n -> Hash.ZERO);

  /** There is no chain here: the code runs as on a chain whose genesis names no fork. */
  private static final Fork RULES = ForkSchedule.CANCUN_FROM_GENESIS.rulesOf(HEADER);

  private CodeRunner() {}

  /** What the code returned, the gas it used and how it halted. */
  public record Outcome(Bytes output, long gasUsed, Halt halt) {}

  public static Outcome run(
      final Bytes code, final Bytes input, final long gas, final @Nullable Consumer<String> trace) {
    final TrieWorldState world = TrieWorldState.empty(new InMemoryNodeStore());
    world.setCode(CONTRACT, code);
    final Tracer tracer = trace == null ? null : new Eip3155Tracer(trace);
    final Evm evm = new Evm(world, BLOCK, RULES, SENDER, Word.ZERO, tracer);
    evm.warm(SENDER);
    evm.warm(CONTRACT);
    final FrameResult result =
        evm.call(
            new Message(
                FrameKind.CALL,
                SENDER,
                CONTRACT,
                CONTRACT,
                Word.ZERO,
                input,
                gas,
                0,
                false,
                Code.of(code)));
    return new Outcome(result.output(), gas - result.gasLeft(), result.halt());
  }

  /**
   * A contract deployed once into a fresh state, then called again and again on that same state:
   * each call is undone afterwards, so every call sees the state the deployment left.
   */
  public static final class Session {
    private final TrieWorldState world = TrieWorldState.empty(new InMemoryNodeStore());
    private final Address contract;

    /** Runs {@code creationCode} from the fixed sender; fails if the deployment fails. */
    public Session(final Bytes creationCode) {
      final Evm evm = new Evm(world, BLOCK, RULES, SENDER, Word.ZERO, null);
      final Address address = Calls.createAddress(SENDER, 0);
      final FrameResult result =
          evm.create(
              new Message(
                  FrameKind.CREATE,
                  SENDER,
                  address,
                  address,
                  Word.ZERO,
                  Bytes.EMPTY,
                  30_000_000,
                  0,
                  false,
                  Code.of(creationCode)),
              address);
      if (result.created() == null) {
        throw new IllegalStateException("deployment failed: " + result.halt());
      }
      world.finishTransaction();
      this.contract = address;
    }

    public Outcome call(final Bytes input, final long gas) {
      final int snapshot = world.snapshot();
      final Evm evm = new Evm(world, BLOCK, RULES, SENDER, Word.ZERO, null);
      evm.warm(SENDER);
      evm.warm(contract);
      final FrameResult result =
          evm.call(
              new Message(
                  FrameKind.CALL,
                  SENDER,
                  contract,
                  contract,
                  Word.ZERO,
                  input,
                  gas,
                  0,
                  false,
                  Code.of(world, contract)));
      world.revertTo(snapshot);
      return new Outcome(result.output(), gas - result.gasLeft(), result.halt());
    }
  }
}
