package io.amchain.ledger.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small thread-safe least-recently-used cache (recovered signers, Clique snapshots). It holds a
 * LinkedHashMap instead of extending one, so no Serializable subclass creeps into the code base.
 */
public final class LruCache<K, V> {
  private final int capacity;
  private final LinkedHashMap<K, V> entries;

  public LruCache(final int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(capacity, 0.75f, true);
  }

  public synchronized @Nullable V get(final K key) {
    return entries.get(key);
  }

  public synchronized void put(final K key, final V value) {
    entries.put(key, value);
    if (entries.size() > capacity) {
      final Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  public synchronized int size() {
    return entries.size();
  }
}
