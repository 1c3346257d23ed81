package io.amchain.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.crypto.DevAccounts;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transaction pool's limits as a client and an operator meet them: on a one-signer devnet, the
 * platform deployer (which takes the node's suggested tip) gets its contracts in, a tip below
 * {@code --txpool.pricelimit} (1 gwei) is refused with geth's JSON-RPC error while the development
 * accounts' 1 gwei transactions go in, and the pending nonce comes from the pool; a limit that is
 * no number, or a byte bound too small for one transaction, stops the node before it starts.
 */
class TxpoolLimitsTest {
  private static final int PORT_OFFSET = 740;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000cc");
  private static final PrivateKey SENDER = DevAccounts.key(3);

  @TempDir static Path directory;
  static DevnetProcess devnet;

  @BeforeAll
  static void startDevnet() {
    // With the platform: start() waits for its deployment, which must get past the price limit.
    devnet = DevnetProcess.start(directory.resolve("devnet"), 1, PORT_OFFSET);
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static Transaction transfer(final long nonce, final long tipWei) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(DevnetCommand.CHAIN_ID)
        .nonce(nonce)
        .maxFeePerGas(UInt256.of(100_000_000_000L))
        .maxPriorityFeePerGas(UInt256.of(tipWei))
        .gasLimit(21_000)
        .to(TO)
        .value(UInt256.ONE)
        .sign(SENDER);
  }

  private static JsonNode rpc(final String method, final String params) throws IOException {
    final String body = devnet.call(0, method, params);
    if (body == null) {
      throw new AssertionError(method + ": the node did not answer");
    }
    return JSON.readTree(body);
  }

  private static JsonNode send(final Transaction tx) throws IOException {
    return rpc("eth_sendRawTransaction", "[\"" + tx.encoded().toHex() + "\"]");
  }

  private static String pendingNonce() throws IOException {
    return rpc(
            "eth_getTransactionCount",
            "[\"" + SENDER.publicKey().address().toHex() + "\", \"pending\"]")
        .path("result")
        .asText();
  }

  @Test
  void aTipBelowThePriceLimitIsRefusedAndTheNextNonceComesFromThePool() throws IOException {
    final JsonNode refused = send(transfer(0, 999_999_999L));
    assertEquals(-32000, refused.path("error").path("code").asInt(), refused::toString);
    assertEquals(
        "transaction underpriced: gas tip cap 999999999, minimum needed 1000000000",
        refused.path("error").path("message").asText());

    // Nonces 1 and 2 wait behind the gap at 0: the pending nonce is still 0.
    for (final long nonce : List.of(1L, 2L)) {
      final JsonNode accepted = send(transfer(nonce, 1_000_000_000L));
      assertTrue(accepted.has("result"), accepted::toString);
    }
    assertEquals("0x0", pendingNonce());
    // The development accounts' usual tip, 1 gwei, fills the gap: 3 whether or not it was mined.
    final JsonNode filled = send(transfer(0, 1_000_000_000L));
    assertTrue(filled.has("result"), filled::toString);
    assertEquals("0x3", pendingNonce());
  }

  @Test
  void limitsThatCannotWorkStopTheNodeBeforeItStarts(@TempDir final Path dir) throws IOException {
    final Path data = CliRun.initializedDatadir(dir);

    final CliRun notANumber =
        CliRun.of("node", "--datadir", data.toString(), "--txpool.pricelimit", "1gwei");
    assertEquals(2, notANumber.exit(), notANumber.out());
    assertTrue(
        notANumber
            .err()
            .contains(
                "amchain.mempool.price-limit (--txpool.pricelimit) \"1gwei\" is not a"
                    + " non-negative whole number of wei"),
        notANumber.err());

    final CliRun tooSmall =
        CliRun.of("node", "--datadir", data.toString(), "--txpool.globalbytes", "1000");
    assertEquals(2, tooSmall.exit(), tooSmall.out());
    assertTrue(
        tooSmall.err().contains("amchain.mempool: the pool's byte bound 1000 cannot hold"),
        tooSmall.err());
  }
}
