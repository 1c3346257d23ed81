package io.amchain.api.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.api.NodeBackend;
import io.amchain.api.rpc.Json;
import io.amchain.api.rpc.Params;
import io.amchain.api.rpc.RpcContext;
import io.amchain.api.rpc.RpcError;
import io.amchain.api.rpc.RpcSession;
import io.amchain.api.rpc.json.EthJson;
import io.amchain.api.rpc.json.LocatedLog;
import io.amchain.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code eth_subscribe} and {@code eth_unsubscribe} over WebSocket: {@code newHeads}, {@code logs}
 * and {@code newPendingTransactions}, each notification in geth's {@code eth_subscription} shape. A
 * subscription belongs to its connection and ends with it; it starts sending once the client has
 * received its id.
 */
final class Subscriptions {
  private final NodeBackend backend;
  private final LogSearch search;
  private final Map<String, Subscription> active = new ConcurrentHashMap<>();
  private final int maxPerConnection;

  Subscriptions(final NodeBackend backend, final LogSearch search, final int maxPerConnection) {
    this.backend = backend;
    this.search = search;
    this.maxPerConnection = maxPerConnection;
  }

  /** One subscription: its connection, its listener, and what waits for the reply to go out. */
  private static final class Subscription {
    private final String id;
    private final RpcSession session;
    private List<String> waiting = new ArrayList<>();
    private AutoCloseable listener = () -> {};

    Subscription(final String id, final RpcSession session) {
      this.id = id;
      this.session = session;
    }

    void notify(final JsonNode result) {
      final ObjectNode message = Json.object();
      message.put("jsonrpc", "2.0");
      message.put("method", "eth_subscription");
      final ObjectNode params = message.putObject("params");
      params.put("subscription", id);
      params.set("result", result);
      final String json = Json.write(message);
      synchronized (this) {
        if (waiting != null) {
          waiting.add(json);
          return;
        }
      }
      session.send(json);
    }

    /** The client has the id: send what arrived meanwhile and go live. */
    void start() {
      final List<String> queued;
      synchronized (this) {
        queued = waiting;
        waiting = null;
      }
      if (queued != null) {
        queued.forEach(session::send);
      }
    }

    void stop() {
      try {
        listener.close();
      } catch (Exception e) {
        // The backend's listener handle failed to close: nothing more to stop here.
      }
    }
  }

  synchronized JsonNode subscribe(final Params params, final RpcContext context) {
    final RpcSession session = context.session();
    if (session == null) {
      throw RpcError.METHOD_NOT_FOUND.exception("notifications not supported");
    }
    final String kind =
        params.get(
            0,
            node -> {
              if (!node.isTextual()) {
                throw new IllegalArgumentException("subscription name must be a string");
              }
              return node.textValue();
            });
    // Each subscription runs a listener on every new head or transaction: a connection may hold a
    // bounded number, and connections are bounded too.
    if (active.values().stream().filter(s -> s.session == session).count() >= maxPerConnection) {
      throw RpcError.LIMIT_EXCEEDED.exception(
          "too many subscriptions on this connection (limit "
              + maxPerConnection
              + ", --rpc-max-subscriptions)");
    }
    final Subscription subscription = new Subscription(Filters.newId(), session);
    switch (kind) {
      case "newHeads" -> {
        params.atMost(1);
        subscription.listener =
            backend.onNewHead(
                change ->
                    change.added().forEach(b -> subscription.notify(EthJson.header(b.header()))));
      }
      case "logs" -> {
        params.atMost(2);
        final LogFilter filter =
            params.get(
                1,
                LogFilter::parse,
                new LogFilter(null, null, null, java.util.Set.of(), List.of()));
        subscription.listener =
            backend.onNewHead(change -> notifyLogs(subscription, search.changed(change, filter)));
      }
      case "newPendingTransactions" -> {
        params.atMost(2);
        final boolean full = params.has(1) && params.bool(1);
        subscription.listener =
            backend.onPendingTransaction(tx -> subscription.notify(pending(tx, full)));
      }
      default ->
          throw RpcError.METHOD_NOT_FOUND.exception(
              "no \"" + kind + "\" subscription in eth namespace");
    }
    active.put(subscription.id, subscription);
    session.onClose(() -> unsubscribe(subscription.id, session));
    context.afterReply(subscription::start);
    return Json.text(subscription.id);
  }

  JsonNode unsubscribe(final Params params, final RpcContext context) {
    final String id = params.atMost(1).get(0, JsonNode::asText);
    final RpcSession session = context.session();
    if (session == null) {
      throw RpcError.METHOD_NOT_FOUND.exception("notifications not supported");
    }
    if (!unsubscribe(id, session)) {
      throw RpcError.SERVER_ERROR.exception("subscription not found");
    }
    return Json.bool(true);
  }

  private boolean unsubscribe(final String id, final RpcSession session) {
    final Subscription subscription = active.get(id);
    if (subscription == null || subscription.session != session) {
      return false;
    }
    if (active.remove(id, subscription)) {
      subscription.stop();
      return true;
    }
    return false;
  }

  private static void notifyLogs(final Subscription subscription, final List<LocatedLog> logs) {
    for (final LocatedLog log : logs) {
      subscription.notify(EthJson.log(log));
    }
  }

  private static JsonNode pending(final Transaction tx, final boolean full) {
    return full ? EthJson.transaction(tx, null, 0) : Json.text(tx.hash().toHex());
  }

  /** Ends every subscription (the server is stopping). */
  void closeAll() {
    active.values().forEach(Subscription::stop);
    active.clear();
  }
}
