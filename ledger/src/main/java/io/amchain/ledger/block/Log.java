package io.amchain.ledger.block;

import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.List;

/** An event a contract emitted: its address, up to four topics, and data. */
public record Log(Address address, List<Hash> topics, Bytes data) {
  public Log {
    topics = List.copyOf(topics);
  }

  public RlpList toRlp() {
    final List<RlpItem> topicItems = new ArrayList<>(topics.size());
    for (final Hash topic : topics) {
      topicItems.add(RlpItem.of(topic));
    }
    return RlpItem.list(RlpItem.of(address), RlpItem.list(topicItems), RlpItem.of(data));
  }

  public static Log fromRlp(final RlpItem item) {
    final RlpList list = item.asList().requireSize(3, "log");
    final List<Hash> topics = new ArrayList<>();
    for (final RlpItem topic : list.get(1).asList().items()) {
      topics.add(topic.asString().asHash());
    }
    return new Log(list.string(0).asAddress(), topics, list.string(2).bytes());
  }
}
