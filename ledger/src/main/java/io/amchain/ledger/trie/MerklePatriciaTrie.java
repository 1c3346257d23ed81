package io.amchain.ledger.trie;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Ethereum's Merkle Patricia Trie (Yellow Paper, appendix D) over a {@link NodeStore}.
 *
 * <p>Nodes are immutable and shared: {@link #snapshot()} is free, and an update copies only the
 * path it changes. Nodes are read from the store lazily and written to it only by {@link #commit}.
 * The secure variant keys every entry by keccak256(key), as the state and storage tries do.
 *
 * <p>Not thread-safe: one owner mutates it.
 */
public final class MerklePatriciaTrie {
  /** keccak256(rlp("")): the root of a trie with no entries. */
  public static final Hash EMPTY_ROOT = Keccak.hash(Rlp.encode(RlpItem.of(Bytes.EMPTY)));

  private final NodeStore store;
  private final boolean secure;
  private @Nullable Node root;

  private MerklePatriciaTrie(
      final NodeStore store, final boolean secure, final @Nullable Node root) {
    this.store = store;
    this.secure = secure;
    this.root = root;
  }

  /** A trie keyed by the keys as given (transactions, receipts). */
  public static MerklePatriciaTrie plain(final NodeStore store) {
    return new MerklePatriciaTrie(store, false, null);
  }

  public static MerklePatriciaTrie plain(final NodeStore store, final Hash root) {
    return new MerklePatriciaTrie(store, false, stored(root));
  }

  /** A trie keyed by keccak256 of the keys (accounts, storage). */
  public static MerklePatriciaTrie secure(final NodeStore store) {
    return new MerklePatriciaTrie(store, true, null);
  }

  public static MerklePatriciaTrie secure(final NodeStore store, final Hash root) {
    return new MerklePatriciaTrie(store, true, stored(root));
  }

  private static @Nullable Node stored(final Hash root) {
    return root.equals(EMPTY_ROOT) ? null : new Node.Stored(root);
  }

  /** A trie with the same content whose later updates do not affect this one. */
  public MerklePatriciaTrie snapshot() {
    return new MerklePatriciaTrie(store, secure, root);
  }

  public @Nullable Bytes get(final Bytes key) {
    final byte[] path = path(key);
    Node node = root;
    int position = 0;
    while (node != null) {
      node = load(node);
      if (node instanceof Node.Leaf leaf) {
        return Arrays.equals(leaf.path, 0, leaf.path.length, path, position, path.length)
            ? leaf.value
            : null;
      } else if (node instanceof Node.Extension extension) {
        if (!startsWith(path, position, extension.path)) {
          return null;
        }
        position += extension.path.length;
        node = extension.child;
      } else {
        final Node.Branch branch = (Node.Branch) node;
        if (position == path.length) {
          return branch.value;
        }
        node = branch.children[path[position++]];
      }
    }
    return null;
  }

  /** Sets the value for the key; an empty value deletes the key, as in Ethereum's tries. */
  public void put(final Bytes key, final Bytes value) {
    if (value.isEmpty()) {
      delete(key);
    } else {
      root = insert(root, path(key), 0, value);
    }
  }

  public void delete(final Bytes key) {
    root = remove(root, path(key), 0);
  }

  public boolean isEmpty() {
    return root == null;
  }

  public Hash rootHash() {
    final Node node = root;
    if (node == null) {
      return EMPTY_ROOT;
    }
    return node instanceof Node.Stored stored ? stored.target : node.hash();
  }

  /** Writes every node not yet in the store and returns the root hash. */
  public Hash commit() {
    final Node node = root;
    if (node != null) {
      persist(node, true);
    }
    return rootHash();
  }

  /**
   * The Merkle proof of a key: the RLP of every node on its path that is referenced by hash, from
   * the root down (the form {@code eth_getProof} returns). It proves the value or its absence.
   */
  public List<Bytes> proof(final Bytes key) {
    final List<Bytes> proof = new ArrayList<>();
    final byte[] path = path(key);
    Node node = root;
    int position = 0;
    boolean hashed = true;
    while (node != null) {
      node = load(node);
      if (hashed) {
        proof.add(node.encoded());
      }
      final Node next;
      if (node instanceof Node.Leaf) {
        next = null;
      } else if (node instanceof Node.Extension extension) {
        if (!startsWith(path, position, extension.path)) {
          break;
        }
        position += extension.path.length;
        next = extension.child;
      } else {
        final Node.Branch branch = (Node.Branch) node;
        next = position == path.length ? null : branch.children[path[position++]];
      }
      hashed = next != null && (next instanceof Node.Stored || next.encoded().size() >= 32);
      node = next;
    }
    return proof;
  }

  /**
   * Checks a proof against a root and returns the proven value, or null if the proof shows the key
   * is absent. Fails with {@link TrieException} if the proof does not match the root.
   */
  public static @Nullable Bytes verifyProof(
      final Hash root, final Bytes key, final List<Bytes> proof, final boolean secure) {
    final InMemoryNodeStore store = new InMemoryNodeStore();
    for (final Bytes node : proof) {
      store.put(Keccak.hash(node), node);
    }
    if (!root.equals(EMPTY_ROOT) && store.get(root) == null) {
      throw new TrieException("proof does not start at root " + root);
    }
    final MerklePatriciaTrie trie = new MerklePatriciaTrie(store, secure, stored(root));
    return trie.get(key);
  }

  private byte[] path(final Bytes key) {
    return Nibbles.of(secure ? Keccak.hash(key).bytes() : key);
  }

  private Node load(final Node node) {
    if (!(node instanceof Node.Stored stored)) {
      return node;
    }
    final Bytes encoded = store.get(stored.target);
    if (encoded == null) {
      throw new TrieException("missing trie node " + stored.target);
    }
    return Node.decode(Rlp.decode(encoded));
  }

  private static boolean startsWith(final byte[] path, final int position, final byte[] prefix) {
    return path.length - position >= prefix.length
        && Arrays.equals(path, position, position + prefix.length, prefix, 0, prefix.length);
  }

  private Node insert(
      final @Nullable Node current, final byte[] path, final int position, final Bytes value) {
    if (current == null) {
      return new Node.Leaf(Arrays.copyOfRange(path, position, path.length), value);
    }
    final Node node = load(current);
    if (node instanceof Node.Branch branch) {
      if (position == path.length) {
        return new Node.Branch(branch.children, value);
      }
      final Node[] children = Node.copyChildren(branch.children);
      children[path[position]] = insert(children[path[position]], path, position + 1, value);
      return new Node.Branch(children, branch.value);
    }
    final byte[] nodePath =
        node instanceof Node.Leaf leaf ? leaf.path : ((Node.Extension) node).path;
    final int common = Nibbles.commonPrefix(path, position, nodePath);
    if (node instanceof Node.Leaf leaf
        && common == nodePath.length
        && position + common == path.length) {
      return new Node.Leaf(leaf.path, value);
    }
    if (node instanceof Node.Extension extension && common == nodePath.length) {
      return new Node.Extension(
          extension.path, insert(extension.child, path, position + common, value));
    }
    // The paths diverge after `common` nibbles: a branch takes both sides.
    final Node[] children = new Node[16];
    Bytes branchValue = null;
    if (node instanceof Node.Leaf leaf) {
      if (common == nodePath.length) {
        branchValue = leaf.value;
      } else {
        children[nodePath[common]] =
            new Node.Leaf(Arrays.copyOfRange(nodePath, common + 1, nodePath.length), leaf.value);
      }
    } else {
      final Node.Extension extension = (Node.Extension) node;
      children[nodePath[common]] =
          common + 1 == nodePath.length
              ? extension.child
              : new Node.Extension(
                  Arrays.copyOfRange(nodePath, common + 1, nodePath.length), extension.child);
    }
    final int split = position + common;
    if (split == path.length) {
      branchValue = value;
    } else {
      children[path[split]] =
          new Node.Leaf(Arrays.copyOfRange(path, split + 1, path.length), value);
    }
    final Node branch = new Node.Branch(children, branchValue);
    return common == 0 ? branch : new Node.Extension(Arrays.copyOf(nodePath, common), branch);
  }

  private @Nullable Node remove(
      final @Nullable Node current, final byte[] path, final int position) {
    if (current == null) {
      return null;
    }
    final Node node = load(current);
    if (node instanceof Node.Leaf leaf) {
      return Arrays.equals(leaf.path, 0, leaf.path.length, path, position, path.length)
          ? null
          : current;
    }
    if (node instanceof Node.Extension extension) {
      if (!startsWith(path, position, extension.path)) {
        return current;
      }
      final Node child = remove(extension.child, path, position + extension.path.length);
      return child == extension.child ? current : joinPath(extension.path, child);
    }
    final Node.Branch branch = (Node.Branch) node;
    final Node[] children;
    final Bytes value;
    if (position == path.length) {
      if (branch.value == null) {
        return current;
      }
      children = branch.children;
      value = null;
    } else {
      final Node child = branch.children[path[position]];
      final Node updated = remove(child, path, position + 1);
      if (updated == child) {
        return current;
      }
      children = Node.copyChildren(branch.children);
      children[path[position]] = updated;
      value = branch.value;
    }
    return collapse(children, value);
  }

  /**
   * A branch left with one entry is replaced by a leaf or an extension, keeping the trie canonical.
   */
  private @Nullable Node collapse(final @Nullable Node[] children, final @Nullable Bytes value) {
    final Node.Branch branch = new Node.Branch(children, value);
    final int count = branch.childCount();
    if (count == 0) {
      return value == null ? null : new Node.Leaf(new byte[0], value);
    }
    if (count > 1 || value != null) {
      return branch;
    }
    for (int i = 0; i < 16; i++) {
      final Node child = children[i];
      if (child != null) {
        return joinPath(new byte[] {(byte) i}, child);
      }
    }
    throw new AssertionError("unreachable: count was 1");
  }

  /** Prefixes a node with a path, merging with the child's own path where it has one. */
  private @Nullable Node joinPath(final byte[] prefix, final @Nullable Node child) {
    if (child == null) {
      return null;
    }
    final Node node = load(child);
    if (node instanceof Node.Leaf leaf) {
      return new Node.Leaf(concat(prefix, leaf.path), leaf.value);
    }
    if (node instanceof Node.Extension extension) {
      return new Node.Extension(concat(prefix, extension.path), extension.child);
    }
    return new Node.Extension(prefix, child);
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private void persist(final Node node, final boolean isRoot) {
    if (node.persisted) {
      return;
    }
    if (node instanceof Node.Extension extension) {
      persist(extension.child, false);
    } else if (node instanceof Node.Branch branch) {
      for (final Node child : branch.children) {
        if (child != null) {
          persist(child, false);
        }
      }
    }
    final Bytes encoded = node.encoded();
    if (isRoot || encoded.size() >= 32) {
      store.put(node.hash(), encoded);
    }
    node.persisted = true;
  }
}
