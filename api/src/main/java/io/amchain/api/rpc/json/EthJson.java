package io.amchain.api.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.Log;
import io.amchain.ledger.block.Receipt;
import io.amchain.ledger.tx.AccessList;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.StateTransition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Blocks, headers, transactions, receipts and logs in the JSON geth returns for them: the same
 * fields, the same encodings, the same order (geth's maps come out with sorted keys, its structs in
 * field order).
 */
public final class EthJson {
  private EthJson() {}

  /**
   * A block as {@code eth_getBlockByHash} returns it, with its transactions as hashes or, when
   * {@code fullTransactions}, as objects.
   */
  public static ObjectNode block(
      final Block block, final @Nullable UInt256 totalDifficulty, final boolean fullTransactions) {
    final BlockHeader header = block.header();
    final ObjectNode json = Json.object();
    final UInt256 baseFee = header.baseFee();
    if (baseFee != null) {
      json.put("baseFeePerGas", HexCodec.quantity(baseFee));
    }
    json.put("difficulty", HexCodec.quantity(header.difficulty()));
    json.put("extraData", header.extraData().toHex());
    json.put("gasLimit", HexCodec.quantity(header.gasLimit()));
    json.put("gasUsed", HexCodec.quantity(header.gasUsed()));
    json.put("hash", header.hash().toHex());
    json.put("logsBloom", header.logsBloom().toBytes().toHex());
    json.put("miner", header.coinbase().toHex());
    json.put("mixHash", header.mixHash().toHex());
    json.put("nonce", header.nonce().toHex());
    json.put("number", HexCodec.quantity(header.number()));
    json.put("parentHash", header.parentHash().toHex());
    json.put("receiptsRoot", header.receiptsRoot().toHex());
    json.put("sha3Uncles", header.ommersHash().toHex());
    json.put("size", HexCodec.quantity(block.encoded().size()));
    json.put("stateRoot", header.stateRoot().toHex());
    json.put("timestamp", HexCodec.quantity(header.timestamp()));
    if (totalDifficulty != null) {
      json.put("totalDifficulty", HexCodec.quantity(totalDifficulty));
    }
    final ArrayNode transactions = json.putArray("transactions");
    for (int i = 0; i < block.transactions().size(); i++) {
      final Transaction tx = block.transactions().get(i);
      if (fullTransactions) {
        transactions.add(transaction(tx, block, i));
      } else {
        transactions.add(tx.hash().toHex());
      }
    }
    json.put("transactionsRoot", header.transactionsRoot().toHex());
    final ArrayNode uncles = json.putArray("uncles");
    block.ommers().forEach(ommer -> uncles.add(ommer.hash().toHex()));
    return json;
  }

  /** A header as a {@code newHeads} notification carries it (geth's types.Header JSON). */
  public static ObjectNode header(final BlockHeader header) {
    final ObjectNode json = Json.object();
    json.put("parentHash", header.parentHash().toHex());
    json.put("sha3Uncles", header.ommersHash().toHex());
    json.put("miner", header.coinbase().toHex());
    json.put("stateRoot", header.stateRoot().toHex());
    json.put("transactionsRoot", header.transactionsRoot().toHex());
    json.put("receiptsRoot", header.receiptsRoot().toHex());
    json.put("logsBloom", header.logsBloom().toBytes().toHex());
    json.put("difficulty", HexCodec.quantity(header.difficulty()));
    json.put("number", HexCodec.quantity(header.number()));
    json.put("gasLimit", HexCodec.quantity(header.gasLimit()));
    json.put("gasUsed", HexCodec.quantity(header.gasUsed()));
    json.put("timestamp", HexCodec.quantity(header.timestamp()));
    json.put("extraData", header.extraData().toHex());
    json.put("mixHash", header.mixHash().toHex());
    json.put("nonce", header.nonce().toHex());
    final UInt256 baseFee = header.baseFee();
    if (baseFee != null) {
      json.put("baseFeePerGas", HexCodec.quantity(baseFee));
    }
    json.put("hash", header.hash().toHex());
    return json;
  }

  /**
   * A transaction; {@code block} is null for one still in the pool (its block fields are then null
   * and an EIP-1559 gas price is its fee cap).
   */
  public static ObjectNode transaction(
      final Transaction tx, final @Nullable Block block, final int index) {
    final ObjectNode json = Json.object();
    if (block == null) {
      json.putNull("blockHash");
      json.putNull("blockNumber");
    } else {
      json.put("blockHash", block.hash().toHex());
      json.put("blockNumber", HexCodec.quantity(block.number()));
    }
    json.put("from", tx.sender().toHex());
    json.put("gas", HexCodec.quantity(tx.gasLimit()));
    final UInt256 gasPrice =
        block == null ? tx.gasPrice() : tx.effectiveGasPrice(block.header().baseFee());
    json.put("gasPrice", HexCodec.quantity(gasPrice));
    if (tx.type() == TransactionType.DYNAMIC_FEE) {
      json.put("maxFeePerGas", HexCodec.quantity(tx.maxFeePerGas()));
      json.put("maxPriorityFeePerGas", HexCodec.quantity(tx.maxPriorityFeePerGas()));
    }
    json.put("hash", tx.hash().toHex());
    json.put("input", tx.data().toHex());
    json.put("nonce", HexCodec.quantity(tx.nonce()));
    final Address to = tx.to();
    if (to == null) {
      json.putNull("to");
    } else {
      json.put("to", to.toHex());
    }
    if (block == null) {
      json.putNull("transactionIndex");
    } else {
      json.put("transactionIndex", HexCodec.quantity(index));
    }
    json.put("value", HexCodec.quantity(tx.value()));
    json.put("type", HexCodec.quantity(tx.type().number()));
    final UInt256 chainId = tx.chainId();
    if (tx.type() != TransactionType.LEGACY) {
      json.set("accessList", accessList(tx.accessList()));
    }
    if (chainId != null) {
      json.put("chainId", HexCodec.quantity(chainId));
    }
    final int parity = tx.signature().recoveryId();
    json.put(
        "v",
        tx.type() == TransactionType.LEGACY
            ? HexCodec.quantity(tx.legacyV())
            : HexCodec.quantity(parity));
    json.put("r", HexCodec.quantity(tx.signature().r()));
    json.put("s", HexCodec.quantity(tx.signature().s()));
    if (tx.type() != TransactionType.LEGACY) {
      json.put("yParity", HexCodec.quantity(parity));
    }
    return json;
  }

  public static ArrayNode accessList(final AccessList list) {
    final ArrayNode json = Json.array();
    for (final AccessList.Entry entry : list.entries()) {
      final ObjectNode item = json.addObject();
      item.put("address", entry.address().toHex());
      final ArrayNode keys = item.putArray("storageKeys");
      entry.storageKeys().forEach(key -> keys.add(key.toHex()));
    }
    return json;
  }

  /** The receipt of the transaction at {@code index} of an executed block. */
  public static ObjectNode receipt(
      final Block block, final List<Receipt> receipts, final int index) {
    final Transaction tx = block.transactions().get(index);
    final Receipt receipt = receipts.get(index);
    final long previousGas = index == 0 ? 0 : receipts.get(index - 1).cumulativeGasUsed();
    int firstLogIndex = 0;
    for (int i = 0; i < index; i++) {
      firstLogIndex += receipts.get(i).logs().size();
    }
    final Address from = tx.sender();
    final ObjectNode json = Json.object();
    json.put("blockHash", block.hash().toHex());
    json.put("blockNumber", HexCodec.quantity(block.number()));
    if (tx.isContractCreation()) {
      json.put("contractAddress", StateTransition.contractAddress(from, tx.nonce()).toHex());
    } else {
      json.putNull("contractAddress");
    }
    json.put("cumulativeGasUsed", HexCodec.quantity(receipt.cumulativeGasUsed()));
    json.put(
        "effectiveGasPrice", HexCodec.quantity(tx.effectiveGasPrice(block.header().baseFee())));
    json.put("from", from.toHex());
    json.put("gasUsed", HexCodec.quantity(receipt.cumulativeGasUsed() - previousGas));
    final ArrayNode logs = json.putArray("logs");
    for (int i = 0; i < receipt.logs().size(); i++) {
      logs.add(
          log(
              new LocatedLog(
                  receipt.logs().get(i),
                  block.hash(),
                  block.number(),
                  tx.hash(),
                  index,
                  firstLogIndex + i,
                  false)));
    }
    json.put("logsBloom", receipt.bloom().toBytes().toHex());
    json.put("status", receipt.success() ? "0x1" : "0x0");
    final Address to = tx.to();
    if (to == null) {
      json.putNull("to");
    } else {
      json.put("to", to.toHex());
    }
    json.put("transactionHash", tx.hash().toHex());
    json.put("transactionIndex", HexCodec.quantity(index));
    json.put("type", HexCodec.quantity(tx.type().number()));
    return json;
  }

  /** Every log of an executed block, located. */
  public static List<LocatedLog> logs(final Block block, final List<Receipt> receipts) {
    final List<LocatedLog> logs = new ArrayList<>();
    int logIndex = 0;
    for (int i = 0; i < receipts.size(); i++) {
      final Hash txHash = block.transactions().get(i).hash();
      for (final Log log : receipts.get(i).logs()) {
        logs.add(new LocatedLog(log, block.hash(), block.number(), txHash, i, logIndex++, false));
      }
    }
    return logs;
  }

  public static ObjectNode log(final LocatedLog located) {
    final Log log = located.log();
    final ObjectNode json = Json.object();
    json.put("address", log.address().toHex());
    final ArrayNode topics = json.putArray("topics");
    log.topics().forEach(topic -> topics.add(topic.toHex()));
    json.put("data", log.data().toHex());
    json.put("blockNumber", HexCodec.quantity(located.blockNumber()));
    json.put("transactionHash", located.transactionHash().toHex());
    json.put("transactionIndex", HexCodec.quantity(located.transactionIndex()));
    json.put("blockHash", located.blockHash().toHex());
    json.put("logIndex", HexCodec.quantity(located.logIndex()));
    json.put("removed", located.removed());
    return json;
  }

  public static ArrayNode logs(final List<LocatedLog> logs) {
    final ArrayNode json = Json.array();
    logs.forEach(log -> json.add(log(log)));
    return json;
  }

  /** A list of JSON values as an array node. */
  public static ArrayNode array(final List<? extends JsonNode> nodes) {
    final ArrayNode json = Json.array();
    nodes.forEach(json::add);
    return json;
  }
}
