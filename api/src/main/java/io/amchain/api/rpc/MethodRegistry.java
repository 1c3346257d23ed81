package io.amchain.api.rpc;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The one table of JSON-RPC methods: name to handler, and whether it needs the bearer token. */
public final class MethodRegistry {

  /** Who may call a method. */
  public enum Access {
    /** Anyone who can reach the port: every read. */
    OPEN,
    /** Only callers with the node's bearer token: methods that change the node. */
    RESTRICTED
  }

  /** A registered method. */
  public record Entry(String name, RpcMethod method, Access access) {}

  private final Map<String, Entry> methods;

  private MethodRegistry(final Map<String, Entry> methods) {
    this.methods = Collections.unmodifiableMap(new TreeMap<>(methods));
  }

  public static Builder builder() {
    return new Builder();
  }

  public @Nullable Entry find(final String name) {
    return methods.get(name);
  }

  /**
   * This registry with only the methods of {@code namespaces} (the part of a name before {@code
   * _}): a method of another namespace is then unknown, -32601, as geth answers for a module it
   * does not expose.
   */
  public MethodRegistry restrictedTo(final Set<String> namespaces) {
    final Map<String, Entry> kept = new TreeMap<>();
    methods.forEach(
        (name, entry) -> {
          if (namespaces.contains(namespace(name))) {
            kept.put(name, entry);
          }
        });
    return new MethodRegistry(kept);
  }

  /** {@code eth} for {@code eth_call}. */
  public static String namespace(final String method) {
    final int separator = method.indexOf('_');
    return separator < 0 ? method : method.substring(0, separator);
  }

  /** Every method name, sorted. */
  public Set<String> names() {
    return methods.keySet();
  }

  /** Collects methods; a name registered twice is a programming error. */
  public static final class Builder {
    private final Map<String, Entry> methods = new TreeMap<>();

    private Builder() {}

    public Builder add(final String name, final Access access, final RpcMethod method) {
      if (methods.putIfAbsent(name, new Entry(name, method, access)) != null) {
        throw new IllegalStateException("JSON-RPC method registered twice: " + name);
      }
      return this;
    }

    /** An open method that answers at once. */
    public Builder read(final String name, final RpcMethod.Sync method) {
      return add(
          name,
          Access.OPEN,
          (params, context) -> CompletableFuture.completedFuture(method.invoke(params, context)));
    }

    /** A method that answers at once, for callers with the node's bearer token only. */
    public Builder restricted(final String name, final RpcMethod.Sync method) {
      return add(
          name,
          Access.RESTRICTED,
          (params, context) -> CompletableFuture.completedFuture(method.invoke(params, context)));
    }

    public MethodRegistry build() {
      return new MethodRegistry(methods);
    }
  }
}
