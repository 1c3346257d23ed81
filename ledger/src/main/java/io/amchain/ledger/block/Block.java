package io.amchain.ledger.block;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.trie.Tries;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.List;

/** A block: its header, its transactions and its ommers (always none on a Clique chain). */
public record Block(BlockHeader header, List<Transaction> transactions, List<BlockHeader> ommers) {

  public Block {
    transactions = List.copyOf(transactions);
    ommers = List.copyOf(ommers);
  }

  public Hash hash() {
    return header.hash();
  }

  public long number() {
    return header.number();
  }

  public RlpList toRlp() {
    final List<RlpItem> txs = new ArrayList<>(transactions.size());
    for (final Transaction tx : transactions) {
      txs.add(tx.toBlockRlp());
    }
    final List<RlpItem> uncles = new ArrayList<>(ommers.size());
    for (final BlockHeader ommer : ommers) {
      uncles.add(ommer.toRlp());
    }
    return RlpItem.list(header.toRlp(), RlpItem.list(txs), RlpItem.list(uncles));
  }

  /** The RLP form geth writes to chain files and sends over the network. */
  public Bytes encoded() {
    return Rlp.encode(toRlp());
  }

  public static Block decode(final Bytes encoded) {
    return fromRlp(Rlp.decode(encoded));
  }

  public static Block fromRlp(final RlpItem item) {
    final RlpList list = item.asList();
    if (list.size() != 3) {
      throw new RlpException(
          list.offset(),
          "block must have 3 parts (header, transactions, ommers), found "
              + list.size()
              + (list.size() > 3 ? ": withdrawals belong to forks Clique chains do not run" : ""));
    }
    final BlockHeader header = BlockHeader.fromRlp(list.get(0));
    final List<Transaction> txs = new ArrayList<>();
    for (final RlpItem tx : list.get(1).asList().items()) {
      txs.add(Transaction.fromBlockRlp(tx));
    }
    final List<BlockHeader> ommers = new ArrayList<>();
    for (final RlpItem ommer : list.get(2).asList().items()) {
      ommers.add(BlockHeader.fromRlp(ommer));
    }
    return new Block(header, txs, ommers);
  }

  /** The transactions root these transactions give. */
  public static Hash transactionsRoot(final List<Transaction> transactions) {
    final List<Bytes> items = new ArrayList<>(transactions.size());
    for (final Transaction tx : transactions) {
      items.add(tx.encoded());
    }
    return Tries.orderedRoot(items);
  }

  /** The receipts root these receipts give. */
  public static Hash receiptsRoot(final List<Receipt> receipts) {
    final List<Bytes> items = new ArrayList<>(receipts.size());
    for (final Receipt receipt : receipts) {
      items.add(receipt.encoded());
    }
    return Tries.orderedRoot(items);
  }

  /** The ommers hash these ommers give. */
  public static Hash ommersHash(final List<BlockHeader> ommers) {
    final List<RlpItem> items = new ArrayList<>(ommers.size());
    for (final BlockHeader ommer : ommers) {
      items.add(ommer.toRlp());
    }
    return io.amchain.ledger.types.Keccak.hash(Rlp.encode(RlpItem.list(items)));
  }
}
