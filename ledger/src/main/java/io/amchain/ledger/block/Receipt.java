package io.amchain.ledger.block;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one transaction in a block, in the post-Byzantium form: status (1 success, 0
 * failure), the block's gas used up to and including it, the bloom of its logs, and the logs.
 * Encoded as EIP-2718 says: legacy receipts as an RLP list, typed ones as {@code type ‖ rlp}.
 */
public record Receipt(
    TransactionType type,
    boolean success,
    long cumulativeGasUsed,
    LogsBloom bloom,
    List<Log> logs) {

  public Receipt {
    logs = List.copyOf(logs);
  }

  /** A receipt whose bloom is computed from its logs. */
  public static Receipt of(
      final TransactionType type,
      final boolean success,
      final long cumulativeGasUsed,
      final List<Log> logs) {
    return new Receipt(type, success, cumulativeGasUsed, LogsBloom.of(logs), logs);
  }

  /** The encoding the receipts trie holds and the network carries. */
  public Bytes encoded() {
    final List<RlpItem> logItems = new ArrayList<>(logs.size());
    for (final Log log : logs) {
      logItems.add(log.toRlp());
    }
    final Bytes payload =
        Rlp.encode(
            RlpItem.list(
                RlpItem.of(success ? 1 : 0),
                RlpItem.of(Bytes.minimal(cumulativeGasUsed)),
                RlpItem.of(bloom.toBytes()),
                RlpItem.list(logItems)));
    return type == TransactionType.LEGACY
        ? payload
        : Bytes.of((byte) type.number()).concat(payload);
  }

  public static Receipt decode(final Bytes encoded) {
    if (encoded.isEmpty()) {
      throw new RlpException(0, "empty receipt");
    }
    final TransactionType type;
    final Bytes payload;
    if (encoded.unsigned(0) >= 0xc0) {
      type = TransactionType.LEGACY;
      payload = encoded;
    } else {
      type = typeOf(encoded.unsigned(0));
      payload = encoded.slice(1);
    }
    final RlpList list = Rlp.decode(payload).asList().requireSize(4, "receipt");
    final long status = list.string(0).asLong();
    if (status > 1) {
      throw new RlpException(list.get(0).offset(), "receipt status must be 0 or 1");
    }
    final List<Log> logs = new ArrayList<>();
    for (final RlpItem log : list.get(3).asList().items()) {
      logs.add(Log.fromRlp(log));
    }
    return new Receipt(
        type, status == 1, list.string(1).asLong(), LogsBloom.of(list.string(2).bytes()), logs);
  }

  private static TransactionType typeOf(final int number) {
    for (final TransactionType type : TransactionType.values()) {
      if (type.number() == number) {
        return type;
      }
    }
    throw new RlpException(0, "unknown receipt type " + number);
  }
}
