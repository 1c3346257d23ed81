package io.amchain.actors.chain;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.types.Bytes;
import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The journal format of {@link Chain}: events and snapshots as RLP, named by a versioned manifest.
 * A later release that changes a format adds a new manifest and keeps reading the old ones, so a
 * journal written today always replays.
 */
public final class ChainEventSerializer extends SerializerWithStringManifest {
  private static final int IDENTIFIER = 1_337_002;
  private static final String BLOCK_IMPORTED_V1 = "block-imported-v1";

  /** The state until the store kept its journal position: head hash, head number, blocks. */
  private static final String STATE_V1 = "chain-state-v1";

  private static final String STATE_V2 = "chain-state-v2";

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(final Object o) {
    if (o instanceof Chain.BlockImported) {
      return BLOCK_IMPORTED_V1;
    }
    if (o instanceof Chain.State) {
      return STATE_V2;
    }
    throw new IllegalArgumentException("not a chain journal type: " + o.getClass());
  }

  @Override
  public byte[] toBinary(final Object o) {
    if (o instanceof Chain.BlockImported event) {
      return event.rlp().toArray();
    }
    if (o instanceof Chain.State state) {
      return Rlp.encode(RlpItem.list(RlpItem.of(Bytes.minimal(state.blocks())))).toArray();
    }
    throw new IllegalArgumentException("not a chain journal type: " + o.getClass());
  }

  @Override
  public Object fromBinary(final byte[] bytes, final String manifest)
      throws NotSerializableException {
    return switch (manifest) {
      case BLOCK_IMPORTED_V1 -> new Chain.BlockImported(Bytes.wrap(bytes));
      case STATE_V1 -> {
        final RlpList list = Rlp.decode(Bytes.wrap(bytes)).asList().requireSize(3, "chain state");
        yield new Chain.State(list.string(2).asLong());
      }
      case STATE_V2 -> {
        final RlpList list = Rlp.decode(Bytes.wrap(bytes)).asList().requireSize(1, "chain state");
        yield new Chain.State(list.string(0).asLong());
      }
      default -> throw new NotSerializableException("unknown chain journal manifest " + manifest);
    };
  }
}
