package io.amchain.vm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.trie.InMemoryNodeStore;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionValidator;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockEnvironment;
import io.amchain.vm.StateTransition;
import io.amchain.vm.TransactionResult;
import io.amchain.vm.Word;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs the "GeneralStateTests" format of ethereum/tests: one transaction on a pre-state, checked by
 * the resulting state root and the hash of its logs. Shared by the conformance suite and {@code
 * amchain evm statetest}.
 */
public final class StateTestRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Forks the runner picks from by default, newest first. */
  private static final List<Fork> DEFAULT_ORDER =
      List.of(Fork.CANCUN, Fork.SHANGHAI, Fork.PARIS, Fork.LONDON, Fork.BERLIN);

  private StateTestRunner() {}

  /** One post entry's outcome, in the shape of geth's {@code evm statetest} output. */
  public record Result(
      String name,
      int index,
      boolean pass,
      String fork,
      String stateRoot,
      String error,
      @Nullable String skipped) {}

  public static List<Result> runFile(
      final Path file, final @Nullable Fork fork, final @Nullable Pattern filter) {
    final JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state test " + file + ": " + e.getMessage(), e);
    }
    final List<Result> results = new ArrayList<>();
    for (final Map.Entry<String, JsonNode> test : root.properties()) {
      if (filter != null && !filter.matcher(test.getKey()).find()) {
        continue;
      }
      results.addAll(runTest(test.getKey(), test.getValue(), fork));
    }
    return results;
  }

  private static @Nullable String postKey(final JsonNode post, final Fork fork) {
    for (final String name : List.of(fork.displayName(), fork == Fork.PARIS ? "Merge" : "")) {
      if (!name.isEmpty() && post.has(name)) {
        return name;
      }
    }
    return null;
  }

  static List<Result> runTest(final String name, final JsonNode test, final @Nullable Fork only) {
    final JsonNode post = test.get("post");
    Fork fork = only;
    String key = only == null ? null : postKey(post, only);
    if (only == null) {
      for (final Fork candidate : DEFAULT_ORDER) {
        key = postKey(post, candidate);
        if (key != null) {
          fork = candidate;
          break;
        }
      }
    }
    if (fork == null || key == null) {
      return List.of();
    }
    final List<Result> results = new ArrayList<>();
    int index = 0;
    for (final JsonNode entry : post.get(key)) {
      results.add(runEntry(name, index++, test, entry, fork));
    }
    return results;
  }

  private static Result runEntry(
      final String name,
      final int index,
      final JsonNode test,
      final JsonNode entry,
      final Fork fork) {
    final String forkName = fork.displayName();
    final Hash expectedRoot = Hash.fromHex(entry.get("hash").asText());
    final Hash expectedLogs = Hash.fromHex(entry.get("logs").asText());
    final boolean expectException = entry.hasNonNull("expectException");
    final Bytes txBytes = Bytes.fromHex(entry.get("txbytes").asText());
    if (!txBytes.isEmpty() && txBytes.unsigned(0) == 3) {
      return new Result(name, index, true, forkName, "", "", "blob transactions are not supported");
    }
    if (name.contains("point_evaluation_precompile")) {
      return new Result(
          name,
          index,
          true,
          forkName,
          "",
          "",
          "point evaluation precompile (0x0a, EIP-4844) is not offered: AMChain carries no blobs");
    }
    final InMemoryNodeStore store = new InMemoryNodeStore();
    final TrieWorldState state = TrieWorldState.empty(store);
    loadPre(state, test.get("pre"));
    state.commit();
    final BlockEnvironment env = environment(test.get("env"), fork);
    String error = "";
    List<Log> logs = List.of();
    try {
      final Transaction tx = Transaction.decode(txBytes);
      TransactionValidator.validate(tx, fork, env.chainId());
      final TransactionResult result = StateTransition.apply(state, env, fork, tx, null);
      logs = result.logs();
      if (expectException) {
        error = "expected " + entry.get("expectException").asText() + " but the transaction ran";
      }
    } catch (TransactionException e) {
      if (!expectException) {
        error = "unexpected invalid transaction: " + e.getMessage();
      }
    } catch (RuntimeException e) {
      error = "crash: " + e;
    }
    final Hash root = state.rootHash();
    if (error.isEmpty() && !root.equals(expectedRoot)) {
      error = "post state root mismatch: got " + root + ", want " + expectedRoot;
    }
    if (error.isEmpty() && !logsHash(logs).equals(expectedLogs)) {
      error = "post logs hash mismatch: got " + logsHash(logs) + ", want " + expectedLogs;
    }
    return new Result(name, index, error.isEmpty(), forkName, root.toHex(), error, null);
  }

  public static Hash logsHash(final List<Log> logs) {
    final List<RlpItem> items = new ArrayList<>(logs.size());
    for (final Log log : logs) {
      items.add(log.toRlp());
    }
    return Keccak.hash(Rlp.encode(RlpItem.list(items)));
  }

  private static void loadPre(final TrieWorldState state, final JsonNode pre) {
    for (final Map.Entry<String, JsonNode> account : pre.properties()) {
      final Address address = Address.of(Bytes.fromHex(account.getKey()));
      final JsonNode fields = account.getValue();
      state.createAccount(address);
      state.setBalance(address, UInt256.parse(fields.get("balance").asText()));
      state.setNonce(
          address, UInt256.parse(fields.get("nonce").asText()).toBigInteger().longValue());
      final Bytes code = Bytes.fromHex(fields.get("code").asText());
      if (!code.isEmpty()) {
        state.setCode(address, code);
      }
      for (final Map.Entry<String, JsonNode> slot : fields.get("storage").properties()) {
        state.setStorage(
            address, UInt256.parse(slot.getKey()), UInt256.parse(slot.getValue().asText()));
      }
    }
  }

  private static BlockEnvironment environment(final JsonNode env, final Fork fork) {
    final long number = parseLong(env, "currentNumber", 0);
    final Word prevRandao =
        fork.isAtLeast(Fork.PARIS) && env.has("currentRandom")
            ? Word.of(UInt256.parse(env.get("currentRandom").asText()))
            : Word.of(UInt256.parse(env.path("currentDifficulty").asText("0x0")));
    final UInt256 baseFee =
        env.has("currentBaseFee")
            ? UInt256.parse(env.get("currentBaseFee").asText())
            : UInt256.ZERO;
    final UInt256 blobBaseFee =
        StateTransition.blobBaseFee(parseLong(env, "currentExcessBlobGas", 0));
    return new BlockEnvironment(
        Address.of(Bytes.fromHex(env.get("currentCoinbase").asText()).leftPad(Address.SIZE)),
        number,
        parseLong(env, "currentTimestamp", 0),
        parseLong(env, "currentGasLimit", 0),
        baseFee,
        prevRandao,
        1,
        blobBaseFee,
        n -> Keccak.hash(Long.toString(n).getBytes(StandardCharsets.US_ASCII)));
  }

  private static long parseLong(final JsonNode env, final String field, final long fallback) {
    final JsonNode value = env.get(field);
    if (value == null) {
      return fallback;
    }
    final UInt256 parsed = UInt256.parse(value.asText());
    return parsed.fitsLong() ? parsed.toLongExact() : Long.MAX_VALUE;
  }
}
