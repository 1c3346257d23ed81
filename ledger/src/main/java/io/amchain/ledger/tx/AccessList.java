package io.amchain.ledger.tx;

import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.List;

/** EIP-2930: the accounts and storage slots a transaction declares it will touch. */
public record AccessList(List<Entry> entries) {
  public static final AccessList EMPTY = new AccessList(List.of());

  public AccessList {
    entries = List.copyOf(entries);
  }

  /** One account and its declared storage keys. */
  public record Entry(Address address, List<Hash> storageKeys) {
    public Entry {
      storageKeys = List.copyOf(storageKeys);
    }
  }

  public int storageKeyCount() {
    int count = 0;
    for (final Entry entry : entries) {
      count += entry.storageKeys().size();
    }
    return count;
  }

  public RlpList toRlp() {
    final List<RlpItem> items = new ArrayList<>(entries.size());
    for (final Entry entry : entries) {
      final List<RlpItem> keys = new ArrayList<>(entry.storageKeys().size());
      for (final Hash key : entry.storageKeys()) {
        keys.add(RlpItem.of(key));
      }
      items.add(RlpItem.list(RlpItem.of(entry.address()), RlpItem.list(keys)));
    }
    return RlpItem.list(items);
  }

  public static AccessList fromRlp(final RlpItem item) {
    final List<Entry> entries = new ArrayList<>();
    for (final RlpItem entryItem : item.asList().items()) {
      final RlpList entry = entryItem.asList();
      if (entry.size() != 2) {
        throw new RlpException(entry.offset(), "access list entry must have 2 fields");
      }
      final List<Hash> keys = new ArrayList<>();
      for (final RlpItem key : entry.get(1).asList().items()) {
        keys.add(key.asString().asHash());
      }
      entries.add(new Entry(entry.string(0).asAddress(), keys));
    }
    return new AccessList(entries);
  }
}
