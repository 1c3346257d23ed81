package io.amchain.api.rpc.clique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.BlockLookup;
import io.amchain.api.rpc.BlockParameter;
import io.amchain.api.rpc.HexCodec;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.MethodRegistry;
import io.amchain.api.rpc.Params;
import io.amchain.api.rpc.RpcError;
import io.amchain.consensus.clique.Clique;
import io.amchain.consensus.clique.CliqueException;
import io.amchain.consensus.clique.Snapshot;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * The {@code clique_} namespace as geth had it (shapes in {@code ../shared/specs/clique.md} §12).
 * {@code clique_propose} and {@code clique_discard} change the node and need the bearer token;
 * while the node's votes follow a MemberRegistry, one that contradicts it fails with -32000.
 */
public final class CliqueMethods {
  /** clique_status looks at up to this many blocks before the head, as geth does. */
  private static final long STATUS_BLOCKS = 64;

  private final NodeBackend backend;
  private final BlockLookup blocks;

  public CliqueMethods(final NodeBackend backend) {
    this.backend = backend;
    this.blocks = new BlockLookup(backend);
  }

  public void register(final MethodRegistry.Builder registry) {
    registry.read(
        "clique_getSnapshot",
        (params, context) -> Json.parse(snapshot(blockOrHead(params)).toJson()));
    registry.read(
        "clique_getSnapshotAtHash",
        (params, context) -> Json.parse(snapshot(byHash(params)).toJson()));
    registry.read("clique_getSigners", (params, context) -> signers(snapshot(blockOrHead(params))));
    registry.read(
        "clique_getSignersAtHash", (params, context) -> signers(snapshot(byHash(params))));
    registry.read("clique_proposals", (params, context) -> proposals());
    registry.read("clique_status", (params, context) -> status());
    registry.read("clique_getSigner", (params, context) -> Json.text(signer(params).toHex()));
    registry.add(
        "clique_propose",
        MethodRegistry.Access.RESTRICTED,
        (params, context) -> {
          params.atMost(2);
          return nullWhenDone(backend.propose(params.address(0), params.bool(1)));
        });
    registry.add(
        "clique_discard",
        MethodRegistry.Access.RESTRICTED,
        (params, context) -> nullWhenDone(backend.discard(params.atMost(1).address(0))));
  }

  private static CompletionStage<JsonNode> nullWhenDone(final CompletionStage<Void> stage) {
    return stage.thenApply(ignored -> Json.nullNode());
  }

  /** The block of an optional number or tag argument; the head when absent. */
  private Block blockOrHead(final Params params) {
    params.atMost(1);
    final BlockParameter parameter =
        params.get(0, BlockParameter::parseNumber, BlockParameter.Tag.LATEST);
    final Block block = blocks.find(parameter);
    if (block == null) {
      throw RpcError.SERVER_ERROR.exception("unknown block");
    }
    return block;
  }

  private Block byHash(final Params params) {
    final Block block = blocks.byHash(params.atMost(1).hash(0));
    if (block == null) {
      throw RpcError.SERVER_ERROR.exception("unknown block");
    }
    return block;
  }

  private Snapshot snapshot(final Block block) {
    return backend.snapshotAt(block.hash());
  }

  private static ArrayNode signers(final Snapshot snapshot) {
    final ArrayNode json = Json.array();
    snapshot.signers().forEach(signer -> json.add(signer.toHex()));
    return json;
  }

  private ObjectNode proposals() {
    final ObjectNode json = Json.object();
    for (final Map.Entry<Address, Boolean> entry : new TreeMap<>(backend.proposals()).entrySet()) {
      json.put(entry.getKey().toHex(), entry.getValue());
    }
    return json;
  }

  /**
   * In-turn share and blocks sealed per signer over the (up to) 64 blocks before the head, the head
   * excluded, as geth counts them.
   */
  private ObjectNode status() {
    final Block head = blocks.head();
    final long end = head.number();
    final long start = end > STATUS_BLOCKS ? end - STATUS_BLOCKS : 1;
    final long counted = Math.max(0, end - start);
    final Map<Address, Long> activity = new TreeMap<>();
    backend.snapshotAt(head.hash()).signers().forEach(signer -> activity.put(signer, 0L));
    long inTurn = 0;
    for (long n = start; n < end; n++) {
      final Block block = blocks.byNumber(n);
      if (block == null) {
        continue;
      }
      if (block.header().difficulty().equals(Clique.DIFF_IN_TURN)) {
        inTurn++;
      }
      activity.merge(Clique.signer(block.header()), 1L, Long::sum);
    }
    final ObjectNode json = Json.object();
    json.put("inturnPercent", counted == 0 ? 0.0 : 100.0 * inTurn / counted);
    final ObjectNode sealers = json.putObject("sealerActivity");
    activity.forEach((signer, count) -> sealers.put(signer.toHex(), count));
    json.put("numBlocks", counted);
    return json;
  }

  /** The sealer of a block named by number, tag or hash, or of a block or header given as RLP. */
  private Address signer(final Params params) {
    params.atMost(1);
    final JsonNode argument = params.required(0);
    BlockHeader header;
    try {
      final Block block = blocks.find(BlockParameter.parseNumberOrHash(argument));
      if (block == null) {
        throw RpcError.SERVER_ERROR.exception("unknown block");
      }
      header = block.header();
    } catch (IllegalArgumentException notANumberOrHash) {
      header = params.get(0, CliqueMethods::decodeHeader);
    }
    if (header.number() == 0) {
      throw RpcError.SERVER_ERROR.exception("the genesis block has no seal");
    }
    try {
      return Clique.signer(header);
    } catch (CliqueException e) {
      throw RpcError.SERVER_ERROR.exception(String.valueOf(e.getMessage()));
    }
  }

  private static BlockHeader decodeHeader(final JsonNode node) {
    final Bytes rlp = HexCodec.parseData(node);
    try {
      return BlockHeader.decode(rlp);
    } catch (RlpException | IllegalArgumentException notAHeader) {
      try {
        return Block.decode(rlp).header();
      } catch (RlpException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "neither a block number, a hash nor RLP of a header or block");
      }
    }
  }
}
