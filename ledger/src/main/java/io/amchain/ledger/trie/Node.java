package io.amchain.ledger.trie;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.rlp.RlpString;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable trie node. Updates copy the path from the root, so any older root stays valid: the
 * world state's snapshots are just old roots. Encodings and hashes are computed once, on demand.
 */
abstract sealed class Node permits Node.Leaf, Node.Extension, Node.Branch, Node.Stored {
  private @Nullable RlpItem rlp;
  private @Nullable Bytes encoded;
  private @Nullable Hash hash;

  /** True for nodes read from a store: they and everything below them are already persisted. */
  boolean persisted;

  abstract RlpItem toRlp();

  final RlpItem rlp() {
    RlpItem item = rlp;
    if (item == null) {
      item = toRlp();
      rlp = item;
    }
    return item;
  }

  final Bytes encoded() {
    Bytes bytes = encoded;
    if (bytes == null) {
      bytes = Rlp.encode(rlp());
      encoded = bytes;
    }
    return bytes;
  }

  final Hash hash() {
    Hash h = hash;
    if (h == null) {
      h = Keccak.hash(encoded());
      hash = h;
    }
    return h;
  }

  /** How a parent refers to this node: inline when its encoding is shorter than 32 bytes. */
  RlpItem reference() {
    return encoded().size() < 32 ? rlp() : RlpItem.of(hash());
  }

  static final class Leaf extends Node {
    final byte[] path;
    final Bytes value;

    Leaf(final byte[] path, final Bytes value) {
      this.path = path;
      this.value = value;
    }

    @Override
    RlpItem toRlp() {
      return RlpItem.list(RlpItem.of(Nibbles.hexPrefix(path, true)), RlpItem.of(value));
    }
  }

  static final class Extension extends Node {
    final byte[] path;
    final Node child;

    Extension(final byte[] path, final Node child) {
      this.path = path;
      this.child = child;
    }

    @Override
    RlpItem toRlp() {
      return RlpItem.list(RlpItem.of(Nibbles.hexPrefix(path, false)), child.reference());
    }
  }

  static final class Branch extends Node {
    final @Nullable Node[] children;
    final @Nullable Bytes value;

    Branch(final @Nullable Node[] children, final @Nullable Bytes value) {
      this.children = children;
      this.value = value;
    }

    @Override
    RlpItem toRlp() {
      final List<RlpItem> items = new ArrayList<>(17);
      for (final Node child : children) {
        items.add(child == null ? RlpItem.of(Bytes.EMPTY) : child.reference());
      }
      items.add(RlpItem.of(value == null ? Bytes.EMPTY : value));
      return RlpItem.list(items);
    }

    int childCount() {
      int count = 0;
      for (final Node child : children) {
        if (child != null) {
          count++;
        }
      }
      return count;
    }
  }

  /** A reference by hash to a node that is still in the store. */
  static final class Stored extends Node {
    final Hash target;

    Stored(final Hash target) {
      this.target = target;
      this.persisted = true;
    }

    @Override
    RlpItem toRlp() {
      throw new IllegalStateException("a stored node must be loaded before it is encoded");
    }

    @Override
    RlpItem reference() {
      return RlpItem.of(target);
    }
  }

  /** Decodes a node's RLP; child references by hash become {@link Stored} placeholders. */
  static Node decode(final RlpItem item) {
    final RlpList list = item.asList();
    final Node node;
    if (list.size() == 17) {
      final Node[] children = new Node[16];
      for (int i = 0; i < 16; i++) {
        children[i] = child(list.get(i));
      }
      final Bytes value = list.string(16).bytes();
      node = new Branch(children, value.isEmpty() ? null : value);
    } else if (list.size() == 2) {
      final Nibbles.Decoded prefix = Nibbles.fromHexPrefix(list.string(0).bytes());
      if (prefix.leaf()) {
        node = new Leaf(prefix.nibbles(), list.string(1).bytes());
      } else {
        final Node child = child(list.get(1));
        if (child == null) {
          throw new TrieException("extension node without a child");
        }
        node = new Extension(prefix.nibbles(), child);
      }
    } else {
      throw new TrieException("a trie node has 2 or 17 items, found " + list.size());
    }
    node.persisted = true;
    return node;
  }

  private static @Nullable Node child(final RlpItem item) {
    if (item instanceof RlpString string) {
      final Bytes bytes = string.bytes();
      if (bytes.isEmpty()) {
        return null;
      }
      if (bytes.size() != Hash.SIZE) {
        throw new TrieException("a child reference is a 32-byte hash, got " + bytes.size());
      }
      return new Stored(Hash.of(bytes));
    }
    return decode(item);
  }

  static @Nullable Node[] copyChildren(final @Nullable Node[] children) {
    return Arrays.copyOf(children, 16);
  }
}
