package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.state.Account;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read methods of {@code eth_}, {@code net_} and {@code web3_} against a chain of five blocks:
 * an EIP-1559 transfer (block 1), an EIP-155 legacy transfer (2), an EIP-2930 transfer (3), and two
 * empty blocks. Shapes are compared field by field with what geth returns.
 */
class EthRpcTest extends RpcTestSupport {
  static final Address RECIPIENT = Address.fromHex("0x00000000000000000000000000000000000000aa");
  static final String ZERO_BLOOM = "0x" + "00".repeat(256);
  static final String EMPTY_OMMERS =
      "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

  static Transaction dynamicFee;
  static Transaction legacy;
  static Transaction accessList;

  @BeforeAll
  static void buildChain() {
    dynamicFee = transfer(InstamineNode.USER, 0, RECIPIENT, 1000);
    legacy =
        Transaction.builder(TransactionType.LEGACY)
            .chainId(InstamineNode.CHAIN_ID)
            .nonce(1)
            .gasPrice(UInt256.of(10_000_000_000L))
            .gasLimit(21_000)
            .to(RECIPIENT)
            .value(UInt256.of(2000))
            .sign(InstamineNode.USER);
    accessList =
        Transaction.builder(TransactionType.ACCESS_LIST)
            .chainId(InstamineNode.CHAIN_ID)
            .nonce(2)
            .gasPrice(UInt256.of(10_000_000_000L))
            .gasLimit(30_000)
            .to(RECIPIENT)
            .value(UInt256.of(3000))
            .accessList(
                new AccessList(
                    List.of(
                        new AccessList.Entry(
                            RECIPIENT, List.of(Hash.fromHex("0x" + "01".repeat(32)))))))
            .sign(InstamineNode.USER);
    for (final Transaction tx : List.of(dynamicFee, legacy, accessList)) {
      assertEquals(
          tx.hash().toHex(), result("eth_sendRawTransaction", tx.encoded().toHex()).asText());
    }
    node.sealEmpty(2);
  }

  static Block block(final long number) {
    return Objects.requireNonNull(
        node.chainStore().block(Objects.requireNonNull(node.chainStore().canonicalHash(number))));
  }

  @Test
  void chainAndNodeFacts() {
    assertEquals("0x539", result("eth_chainId").asText());
    assertEquals("0x5", result("eth_blockNumber").asText());
    assertFalse(result("eth_syncing").asBoolean());
    assertEquals("[]", Json.write(result("eth_accounts")));
    assertEquals("1337", result("net_version").asText());
    assertTrue(result("net_listening").asBoolean());
    assertEquals("0x2", result("net_peerCount").asText());
    assertTrue(result("web3_clientVersion").asText().startsWith("AMChain/v"));
    assertEquals(
        "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad",
        result("web3_sha3", "0x68656c6c6f20776f726c64").asText());
  }

  @Test
  void aBlockHasGethsFields() {
    final Block one = block(1);
    final String expected =
        "{\"baseFeePerGas\":\"0x342770c0\",\"difficulty\":\"0x2\",\"extraData\":\""
            + one.header().extraData().toHex()
            + "\",\"gasLimit\":\"0x1c9c380\",\"gasUsed\":\"0x5208\",\"hash\":\""
            + one.hash().toHex()
            + "\",\"logsBloom\":\""
            + ZERO_BLOOM
            + "\",\"miner\":\"0x0000000000000000000000000000000000000000\",\"mixHash\":\"0x"
            + "00".repeat(32)
            + "\",\"nonce\":\"0x0000000000000000\",\"number\":\"0x1\",\"parentHash\":\""
            + block(0).hash().toHex()
            + "\",\"receiptsRoot\":\""
            + one.header().receiptsRoot().toHex()
            + "\",\"sha3Uncles\":\""
            + EMPTY_OMMERS
            + "\",\"size\":\"0x"
            + Integer.toHexString(one.encoded().size())
            + "\",\"stateRoot\":\""
            + one.header().stateRoot().toHex()
            + "\",\"timestamp\":\"0x6553f101\",\"totalDifficulty\":\"0x3\",\"transactions\":[\""
            + dynamicFee.hash().toHex()
            + "\"],\"transactionsRoot\":\""
            + one.header().transactionsRoot().toHex()
            + "\",\"uncles\":[]}";
    assertEquals(expected, Json.write(result("eth_getBlockByNumber", "0x1", false)));
    assertEquals(expected, Json.write(result("eth_getBlockByHash", one.hash().toHex(), false)));
    assertEquals(
        Json.write(result("eth_getBlockByNumber", "0x1", true).get("transactions").get(0)),
        Json.write(result("eth_getTransactionByHash", dynamicFee.hash().toHex())));
  }

  @Test
  void blockTagsAndUnknownBlocks() {
    assertEquals(
        block(0).hash().toHex(),
        result("eth_getBlockByNumber", "earliest", false).get("hash").asText());
    assertEquals("0x5", result("eth_getBlockByNumber", "latest", false).get("number").asText());
    assertEquals("0x5", result("eth_getBlockByNumber", "pending", false).get("number").asText());
    // Three signers: the blocks after block 3 (4 and 5) were sealed by two of them, a majority.
    assertEquals("0x3", result("eth_getBlockByNumber", "finalized", false).get("number").asText());
    assertEquals("0x3", result("eth_getBlockByNumber", "safe", false).get("number").asText());
    assertTrue(result("eth_getBlockByNumber", "0x99", false).isNull());
    assertTrue(result("eth_getBlockByHash", "0x" + "ab".repeat(32), false).isNull());
    final JsonNode notFound = error("eth_getBalance", RECIPIENT.toHex(), "0x99");
    assertEquals(-32000, notFound.get("code").asInt());
    assertEquals("header not found", notFound.get("message").asText());
    assertEquals(
        "header for hash not found",
        error("eth_getBalance", RECIPIENT.toHex(), Map.of("blockHash", "0x" + "ab".repeat(32)))
            .get("message")
            .asText());
  }

  @Test
  void aDynamicFeeTransaction() {
    final Block one = block(1);
    final String expected =
        "{\"blockHash\":\""
            + one.hash().toHex()
            + "\",\"blockNumber\":\"0x1\",\"from\":\""
            + InstamineNode.user().toHex()
            + "\",\"gas\":\"0x5208\",\"gasPrice\":\"0x"
            + Long.toHexString(875_000_000L + 1_000_000_000L)
            + "\",\"maxFeePerGas\":\"0x2540be400\",\"maxPriorityFeePerGas\":\"0x3b9aca00\",\"hash\":\""
            + dynamicFee.hash().toHex()
            + "\",\"input\":\"0x\",\"nonce\":\"0x0\",\"to\":\""
            + RECIPIENT.toHex()
            + "\",\"transactionIndex\":\"0x0\",\"value\":\"0x3e8\",\"type\":\"0x2\",\"accessList\":[],"
            + "\"chainId\":\"0x539\",\"v\":\""
            + "0x"
            + dynamicFee.signature().recoveryId()
            + "\",\"r\":\""
            + dynamicFee.signature().r().toQuantity()
            + "\",\"s\":\""
            + dynamicFee.signature().s().toQuantity()
            + "\",\"yParity\":\"0x"
            + dynamicFee.signature().recoveryId()
            + "\"}";
    assertEquals(
        expected, Json.write(result("eth_getTransactionByHash", dynamicFee.hash().toHex())));
    assertEquals(
        expected, Json.write(result("eth_getTransactionByBlockNumberAndIndex", "0x1", "0x0")));
    assertEquals(
        expected,
        Json.write(result("eth_getTransactionByBlockHashAndIndex", one.hash().toHex(), "0x0")));
    assertTrue(result("eth_getTransactionByBlockNumberAndIndex", "0x1", "0x1").isNull());
    assertTrue(result("eth_getTransactionByHash", "0x" + "cd".repeat(32)).isNull());
  }

  @Test
  void legacyAndAccessListTransactions() {
    final JsonNode legacyJson = result("eth_getTransactionByHash", legacy.hash().toHex());
    assertEquals("0x0", legacyJson.get("type").asText());
    assertEquals("0x539", legacyJson.get("chainId").asText());
    assertEquals(legacy.legacyV().toQuantity(), legacyJson.get("v").asText());
    assertTrue(List.of("0xa95", "0xa96").contains(legacyJson.get("v").asText()));
    assertFalse(legacyJson.has("yParity"));
    assertFalse(legacyJson.has("accessList"));
    assertFalse(legacyJson.has("maxFeePerGas"));
    assertEquals("0x2540be400", legacyJson.get("gasPrice").asText());

    final JsonNode typed = result("eth_getTransactionByHash", accessList.hash().toHex());
    assertEquals("0x1", typed.get("type").asText());
    assertEquals(
        "[{\"address\":\""
            + RECIPIENT.toHex()
            + "\",\"storageKeys\":[\"0x"
            + "01".repeat(32)
            + "\"]}]",
        Json.write(typed.get("accessList")));
    assertEquals(typed.get("yParity").asText(), typed.get("v").asText());
    assertEquals("0x3", typed.get("blockNumber").asText());
  }

  @Test
  void aReceiptHasGethsFields() {
    final Block one = block(1);
    final String expected =
        "{\"blockHash\":\""
            + one.hash().toHex()
            + "\",\"blockNumber\":\"0x1\",\"contractAddress\":null,\"cumulativeGasUsed\":\"0x5208\","
            + "\"effectiveGasPrice\":\"0x"
            + Long.toHexString(1_875_000_000L)
            + "\",\"from\":\""
            + InstamineNode.user().toHex()
            + "\",\"gasUsed\":\"0x5208\",\"logs\":[],\"logsBloom\":\""
            + ZERO_BLOOM
            + "\",\"status\":\"0x1\",\"to\":\""
            + RECIPIENT.toHex()
            + "\",\"transactionHash\":\""
            + dynamicFee.hash().toHex()
            + "\",\"transactionIndex\":\"0x0\",\"type\":\"0x2\"}";
    assertEquals(
        expected, Json.write(result("eth_getTransactionReceipt", dynamicFee.hash().toHex())));
    assertEquals("[" + expected + "]", Json.write(result("eth_getBlockReceipts", "0x1")));
    assertEquals(
        "[" + expected + "]",
        Json.write(result("eth_getBlockReceipts", Map.of("blockHash", one.hash().toHex()))));
    assertEquals("[]", Json.write(result("eth_getBlockReceipts", "0x4")));
    assertTrue(result("eth_getTransactionReceipt", "0x" + "cd".repeat(32)).isNull());
    assertEquals(
        "0x0", result("eth_getTransactionReceipt", legacy.hash().toHex()).get("type").asText());
  }

  @Test
  void transactionCounts() {
    assertEquals("0x1", result("eth_getBlockTransactionCountByNumber", "0x1").asText());
    assertEquals("0x0", result("eth_getBlockTransactionCountByNumber", "latest").asText());
    assertEquals(
        "0x1", result("eth_getBlockTransactionCountByHash", block(2).hash().toHex()).asText());
    assertTrue(result("eth_getBlockTransactionCountByNumber", "0x99").isNull());
  }

  @Test
  void stateReads() {
    assertEquals("0x1770", result("eth_getBalance", RECIPIENT.toHex(), "latest").asText());
    assertEquals("0x3e8", result("eth_getBalance", RECIPIENT.toHex(), "0x1").asText());
    assertEquals("0x0", result("eth_getBalance", RECIPIENT.toHex(), "earliest").asText());
    assertEquals(
        "0x3e8",
        result(
                "eth_getBalance",
                RECIPIENT.toHex(),
                Map.of("blockHash", block(1).hash().toHex(), "requireCanonical", true))
            .asText());
    assertEquals(
        "0x3", result("eth_getTransactionCount", InstamineNode.user().toHex(), "latest").asText());
    assertEquals(
        "0x1",
        result(
                "eth_getTransactionCount",
                InstamineNode.user().toHex(),
                Map.of("blockNumber", "0x1"))
            .asText());
    assertEquals("0x", result("eth_getCode", RECIPIENT.toHex(), "latest").asText());
    assertEquals(
        "0x" + "00".repeat(32),
        result("eth_getStorageAt", RECIPIENT.toHex(), "0x0", "latest").asText());
  }

  @Test
  void fees() {
    final UInt256 headBaseFee = Objects.requireNonNull(block(5).header().baseFee());
    final UInt256 tip = UInt256.parse(result("eth_maxPriorityFeePerGas").asText());
    // The sampled tips: 1 gwei (block 1), 10 gwei minus the base fee (blocks 2 and 3).
    assertTrue(tip.compareTo(UInt256.of(1_000_000_000L)) >= 0, tip::toString);
    assertEquals(tip.add(headBaseFee).toQuantity(), result("eth_gasPrice").asText());

    final JsonNode history = result("eth_feeHistory", "0x3", "latest", List.of(25, 75));
    assertEquals("0x3", history.get("oldestBlock").asText());
    assertEquals(4, history.get("baseFeePerGas").size());
    assertEquals(
        FeeMarket.nextBaseFee(block(5).header()).toQuantity(),
        history.get("baseFeePerGas").get(3).asText());
    assertEquals(3, history.get("gasUsedRatio").size());
    assertEquals(3, history.get("reward").size());
    assertEquals("[\"0x0\",\"0x0\"]", Json.write(history.get("reward").get(2)));
    final UInt256 blockThreeFee = Objects.requireNonNull(block(3).header().baseFee());
    assertEquals(
        UInt256.of(10_000_000_000L).subtract(blockThreeFee).toQuantity(),
        history.get("reward").get(0).get(0).asText());
    final JsonNode decimal = result("eth_feeHistory", 2, "0x2", List.of());
    assertEquals("0x1", decimal.get("oldestBlock").asText());
    assertFalse(decimal.has("reward"));
    assertEquals(
        -32602, error("eth_feeHistory", "0x2", "latest", List.of(50, 10)).get("code").asInt());
  }

  @Test
  void proofsVerifyAgainstTheStateRoot() {
    final Block head = block(5);
    final JsonNode proof =
        result("eth_getProof", InstamineNode.user().toHex(), List.of("0x0"), "latest");
    assertEquals(InstamineNode.user().toHex(), proof.get("address").asText());
    final List<Bytes> nodes = new ArrayList<>();
    proof.get("accountProof").forEach(n -> nodes.add(Bytes.fromHex(n.asText())));
    final Bytes account =
        MerklePatriciaTrie.verifyProof(
            head.header().stateRoot(), InstamineNode.user().bytes(), nodes, true);
    assertNotNull(account);
    final Account decoded = Account.decode(account);
    assertEquals(decoded.balance().toQuantity(), proof.get("balance").asText());
    assertEquals(
        result("eth_getBalance", InstamineNode.user().toHex(), "latest").asText(),
        proof.get("balance").asText());
    assertEquals("0x3", proof.get("nonce").asText());
    assertEquals(MerklePatriciaTrie.EMPTY_ROOT.toHex(), proof.get("storageHash").asText());
    assertEquals(
        "[{\"key\":\"0x0\",\"value\":\"0x0\",\"proof\":[]}]",
        Json.write(proof.get("storageProof")));

    final JsonNode absent =
        result("eth_getProof", "0x00000000000000000000000000000000000000bb", List.of(), "latest");
    assertEquals("0x0", absent.get("balance").asText());
    assertEquals("0x" + "00".repeat(32), absent.get("codeHash").asText());
    final List<Bytes> absentNodes = new ArrayList<>();
    absent.get("accountProof").forEach(n -> absentNodes.add(Bytes.fromHex(n.asText())));
    assertEquals(
        null,
        MerklePatriciaTrie.verifyProof(
            head.header().stateRoot(),
            Address.fromHex("0x00000000000000000000000000000000000000bb").bytes(),
            absentNodes,
            true));
  }
}
