package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.UInt256;
import org.junit.jupiter.api.Test;

/**
 * {@code eth_sendRawTransaction} with one invalid transaction of each kind: each gets -32000 with
 * geth's words (or -32602 when the argument is not even hex), and the node keeps accepting valid
 * ones.
 */
class RawTransactionRpcTest extends RpcTestSupport {
  private static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000ee");
  private static final PrivateKey SENDER = InstamineNode.SIGNER_KEYS[2];

  private static String refused(final String raw) {
    final JsonNode error = error("eth_sendRawTransaction", raw);
    assertEquals(-32000, error.get("code").asInt(), error::toString);
    return error.get("message").asText();
  }

  @Test
  void malformedRlp() {
    assertTrue(refused("0xf8").startsWith("rlp: "), refused("0xf8"));
    assertTrue(refused("0x").startsWith("rlp: "));
    assertTrue(refused("0x02c0").startsWith("rlp: "));
  }

  @Test
  void notHexIsAnInvalidArgument() {
    final JsonNode error = error("eth_sendRawTransaction", "f86c");
    assertEquals(-32602, error.get("code").asInt());
    assertEquals("invalid argument 0: hex string without 0x prefix", error.get("message").asText());
  }

  @Test
  void unknownAndBlobTypes() {
    assertEquals("transaction type not supported", refused("0x05c0"));
    assertEquals("blob transactions are not supported", refused("0x03f8c0"));
  }

  @Test
  void wrongChainId() {
    final Transaction tx =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(1)
            .nonce(0)
            .maxFeePerGas(UInt256.of(10_000_000_000L))
            .gasLimit(21_000)
            .to(TO)
            .sign(SENDER);
    assertEquals(
        "invalid sender: invalid chain id for signer: have 1 want 1337",
        refused(tx.encoded().toHex()));
  }

  @Test
  void badSignature() {
    final Bytes zeroR =
        Rlp.encode(
            RlpItem.list(
                RlpItem.of(Bytes.EMPTY),
                RlpItem.of(UInt256.of(10_000_000_000L)),
                RlpItem.of(Bytes.minimal(21_000)),
                RlpItem.of(TO),
                RlpItem.of(Bytes.EMPTY),
                RlpItem.of(Bytes.EMPTY),
                RlpItem.of(UInt256.of(InstamineNode.CHAIN_ID * 2 + 35)),
                RlpItem.of(UInt256.ZERO),
                RlpItem.of(UInt256.ONE)));
    assertEquals("invalid sender: invalid transaction v, r, s values", refused(zeroR.toHex()));
  }

  @Test
  void unprotectedLegacy() {
    final Transaction tx =
        Transaction.builder(TransactionType.LEGACY)
            .nonce(0)
            .gasPrice(UInt256.of(10_000_000_000L))
            .gasLimit(21_000)
            .to(TO)
            .sign(SENDER);
    assertEquals(
        "only replay-protected (EIP-155) transactions allowed over RPC",
        refused(tx.encoded().toHex()));
  }

  @Test
  void intrinsicGasTooLow() {
    final Transaction tx =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(InstamineNode.CHAIN_ID)
            .nonce(0)
            .maxFeePerGas(UInt256.of(10_000_000_000L))
            .gasLimit(20_000)
            .to(TO)
            .sign(SENDER);
    assertEquals("intrinsic gas too low: have 20000, want 21000", refused(tx.encoded().toHex()));
  }

  @Test
  void thePoolsRefusalIsPassedOn() {
    final Transaction first = transfer(InstamineNode.SIGNER_KEYS[1], 0, TO, 1);
    assertEquals(
        first.hash().toHex(), result("eth_sendRawTransaction", first.encoded().toHex()).asText());
    final String again = refused(first.encoded().toHex());
    assertTrue(again.startsWith("nonce too low"), again);
    final Transaction next = transfer(InstamineNode.SIGNER_KEYS[1], 1, TO, 1);
    assertEquals(
        next.hash().toHex(), result("eth_sendRawTransaction", next.encoded().toHex()).asText());
    assertEquals("0x2", result("eth_getBalance", TO.toHex(), "latest").asText());
  }
}
