package io.amchain.api.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.amchain.consensus.clique.Clique;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Address;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code clique_}, {@code txpool_} and {@code admin_} namespaces against a three-signer chain
 * of four blocks, one of which carries a vote.
 */
class CliqueRpcTest extends RpcTestSupport {
  static final Address CANDIDATE = Address.fromHex("0x00000000000000000000000000000000000000c1");
  static final String SIGNERS =
      Stream.of(InstamineNode.signer(0), InstamineNode.signer(1), InstamineNode.signer(2))
          .sorted()
          .map(address -> "\"" + address.toHex() + "\"")
          .reduce((a, b) -> a + "," + b)
          .orElseThrow();

  static Block voteBlock;

  @BeforeAll
  static void sealWithAVote() {
    node.sealEmpty(2);
    node.propose(CANDIDATE, true);
    node.sealEmpty(1);
    voteBlock = node.head();
    node.discard(CANDIDATE);
    node.sealEmpty(1);
  }

  static Block block(final long number) {
    return Objects.requireNonNull(
        node.chainStore().block(Objects.requireNonNull(node.chainStore().canonicalHash(number))));
  }

  @Test
  void signersAreSortedAddresses() {
    assertEquals("[" + SIGNERS + "]", Json.write(result("clique_getSigners")));
    assertEquals("[" + SIGNERS + "]", Json.write(result("clique_getSigners", "latest")));
    assertEquals("[" + SIGNERS + "]", Json.write(result("clique_getSigners", "0x0")));
    assertEquals(
        "[" + SIGNERS + "]",
        Json.write(result("clique_getSignersAtHash", block(0).hash().toHex())));
  }

  @Test
  void snapshotsAsGethPrintsThem() {
    final String signersObject = SIGNERS.replace("\",", "\":{},").replaceAll("\"$", "\":{}");
    assertEquals(
        "{\"number\":0,\"hash\":\""
            + block(0).hash().toHex()
            + "\",\"signers\":{"
            + signersObject
            + "},\"recents\":{},\"votes\":[],\"tally\":{}}",
        Json.write(result("clique_getSnapshot", "0x0")));
    final JsonNode afterVote = result("clique_getSnapshotAtHash", voteBlock.hash().toHex());
    assertEquals(
        "[{\"signer\":\""
            + Clique.signer(voteBlock.header()).toHex()
            + "\",\"block\":3,\"address\":\""
            + CANDIDATE.toHex()
            + "\",\"authorize\":true}]",
        Json.write(afterVote.get("votes")));
    assertEquals(
        "{\"" + CANDIDATE.toHex() + "\":{\"authorize\":true,\"votes\":1}}",
        Json.write(afterVote.get("tally")));
    assertEquals(2, afterVote.get("recents").size());
    assertEquals(
        Json.parse(node.snapshotAt(node.head().hash()).toJson()), result("clique_getSnapshot"));
    assertEquals("unknown block", error("clique_getSnapshot", "0x99").get("message").asText());
    assertEquals(
        "unknown block",
        error("clique_getSnapshotAtHash", "0x" + "ab".repeat(32)).get("message").asText());
  }

  @Test
  void statusCountsTheBlocksBeforeTheHead() {
    final JsonNode status = result("clique_status");
    assertEquals(3, status.get("numBlocks").asLong());
    assertEquals(100.0, status.get("inturnPercent").asDouble());
    long sealed = 0;
    for (final JsonNode count : status.get("sealerActivity")) {
      sealed += count.asLong();
    }
    assertEquals(3, sealed);
    assertEquals(3, status.get("sealerActivity").size());
  }

  @Test
  void theSignerOfABlockByNumberHashOrRlp() {
    final Block one = block(1);
    final String signer = Clique.signer(one.header()).toHex();
    assertEquals(signer, result("clique_getSigner", "0x1").asText());
    assertEquals(signer, result("clique_getSigner", one.hash().toHex()).asText());
    assertEquals(signer, result("clique_getSigner", one.header().encoded().toHex()).asText());
    assertEquals(signer, result("clique_getSigner", one.encoded().toHex()).asText());
    assertEquals(
        Clique.signer(node.head().header()).toHex(), result("clique_getSigner", "latest").asText());
    assertEquals(-32000, error("clique_getSigner", "0x0").get("code").asInt());
    assertEquals("unknown block", error("clique_getSigner", "0xc0ffee").get("message").asText());
    assertEquals(-32602, error("clique_getSigner", "0x00c0ffee").get("code").asInt());
  }

  @Test
  void thePoolAsTxpoolShowsIt() {
    final Transaction parked = transfer(InstamineNode.SIGNER_KEYS[1], 0, CANDIDATE, 5);
    node.hold(parked);
    assertEquals("{\"pending\":\"0x1\",\"queued\":\"0x0\"}", Json.write(result("txpool_status")));
    final JsonNode content = authorizedResult("txpool_content");
    final JsonNode bySender = content.get("pending").get(InstamineNode.signer(1).toChecksumHex());
    assertEquals(parked.hash().toHex(), bySender.get("0").get("hash").asText());
    assertTrue(bySender.get("0").get("blockNumber").isNull());
    assertEquals("{}", Json.write(content.get("queued")));
    final JsonNode pending = result("eth_getTransactionByHash", parked.hash().toHex());
    assertTrue(pending.get("blockHash").isNull());
    assertEquals("0x2540be400", pending.get("gasPrice").asText());
    assertEquals(
        "0x0",
        result("eth_getTransactionCount", InstamineNode.signer(1).toHex(), "latest").asText());
    assertEquals(
        "0x1",
        result("eth_getTransactionCount", InstamineNode.signer(1).toHex(), "pending").asText());
  }

  @Test
  void adminDescribesTheNodeAndItsPeers() {
    final JsonNode info = authorizedResult("admin_nodeInfo");
    assertEquals("node-0", info.get("id").asText());
    final JsonNode eth = info.get("protocols").get("eth");
    assertEquals(1337, eth.get("network").asLong());
    assertEquals(block(0).hash().toHex(), eth.get("genesis").asText());
    assertEquals(node.head().hash().toHex(), eth.get("head").asText());
    assertEquals(
        "{\"chainId\":1337,\"berlinBlock\":0,\"londonBlock\":0,\"mergeNetsplitBlock\":0,"
            + "\"shanghaiTime\":0,\"cancunTime\":0,\"clique\":{\"period\":1,\"epoch\":30000}}",
        Json.write(eth.get("config")));
    final JsonNode peers = authorizedResult("admin_peers");
    assertEquals(2, peers.size());
    assertEquals(
        "{\"id\":\"node-1\",\"name\":\"amchain-test\",\"network\":{\"localAddress\":"
            + "\"pekko://amchain@127.0.0.1:25520\",\"remoteAddress\":\"pekko://amchain@127.0.0.1:25521\","
            + "\"inbound\":true,\"trusted\":false,\"static\":false},\"protocols\":{}}",
        Json.write(peers.get(0)));
  }
}
