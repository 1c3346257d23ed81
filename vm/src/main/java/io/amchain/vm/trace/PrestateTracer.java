package io.amchain.vm.trace;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.amchain.ledger.state.WorldState;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import io.amchain.vm.BlockEnvironment;
import io.amchain.vm.FrameKind;
import io.amchain.vm.StateTransition;
import io.amchain.vm.Step;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * geth's {@code prestateTracer}: every account and storage slot the transaction touched, as it was
 * before the transaction; with {@code diffMode}, only what changed, as {@code pre} and {@code
 * post}. Accounts are looked up where geth looks them up: the sender, the recipient and the
 * coinbase at the start, then each account an instruction names (BALANCE, EXTCODE*, the calls,
 * SELFDESTRUCT, the creations) and each slot SLOAD or SSTORE names, the first time, before the
 * instruction runs.
 */
public final class PrestateTracer implements TraceResult {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The options geth's tracer takes ({@code tracerConfig}). */
  public record Config(
      boolean diffMode, boolean disableCode, boolean disableStorage, boolean includeEmpty) {
    public Config {
      if (diffMode && includeEmpty) {
        throw new IllegalArgumentException("cannot use diffMode with includeEmpty");
      }
    }
  }

  private static final class Account {
    UInt256 balance = UInt256.ZERO;
    @Nullable UInt256 postBalance;
    @Nullable Bytes code;
    @Nullable Hash codeHash;
    long nonce;
    boolean empty;

    /** Slot hex to (slot, value); null when storage is not reported. */
    @Nullable Map<String, UInt256[]> storage;
  }

  private final Config config;
  private final boolean cancun;
  private final Map<String, Account> pre = new TreeMap<>();
  private final Map<String, Account> post = new TreeMap<>();
  private final Map<String, Address> addresses = new TreeMap<>();
  private final Set<Address> created = new HashSet<>();
  private final Set<Address> deleted = new HashSet<>();
  private @Nullable WorldState state;

  public PrestateTracer(final Config config, final Fork fork) {
    this.config = config;
    this.cancun = fork.isAtLeast(Fork.CANCUN);
  }

  @Override
  public void onTxStart(
      final WorldState state,
      final BlockEnvironment block,
      final Address from,
      final @Nullable Address to,
      final long gasLimit) {
    this.state = state;
    final Address recipient;
    if (to == null) {
      recipient = StateTransition.contractAddress(from, state.getNonce(from));
      created.add(recipient);
    } else {
      recipient = to;
    }
    lookupAccount(from);
    lookupAccount(recipient);
    lookupAccount(block.coinbase());
  }

  @Override
  public void onOpcode(final Step step) {
    final int size = step.stackSize();
    final String op = step.opName();
    final Address self = step.address();
    switch (op) {
      case "SLOAD", "SSTORE" -> {
        if (size >= 1) {
          lookupStorage(self, step.peek(0).toUInt256());
        }
      }
      case "EXTCODECOPY", "EXTCODEHASH", "EXTCODESIZE", "BALANCE", "SELFDESTRUCT" -> {
        if (size >= 1) {
          lookupAccount(step.peek(0).toAddress());
          if (op.equals("SELFDESTRUCT") && (!cancun || created.contains(self))) {
            deleted.add(self); // EIP-6780: from Cancun only a contract created in this tx goes
          }
        }
      }
      case "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL" -> {
        if (size >= 5) {
          lookupAccount(step.peek(1).toAddress());
        }
      }
      default -> {}
    }
  }

  /** A creation's address is known when its frame starts, before anything of it has run. */
  @Override
  public void onEnter(
      final int depth,
      final FrameKind kind,
      final Address from,
      final Address to,
      final Bytes input,
      final long gas,
      final @Nullable UInt256 value) {
    if (depth > 0 && kind.isCreate()) {
      lookupAccount(to);
      created.add(to);
    }
  }

  @Override
  public void onTxEnd(final long gasUsed) {
    if (config.diffMode()) {
      diff();
    }
    if (!config.includeEmpty()) {
      pre.values().removeIf(account -> account.empty);
    }
  }

  private WorldState state() {
    final WorldState current = state;
    if (current == null) {
      throw new IllegalStateException("the transaction has not started");
    }
    return current;
  }

  private void lookupAccount(final Address address) {
    final String key = address.toHex();
    if (pre.containsKey(key)) {
      return;
    }
    final WorldState world = state();
    final Account account = new Account();
    account.balance = world.getBalance(address);
    account.nonce = world.getNonce(address);
    final Bytes code = world.getCode(address);
    if (!code.isEmpty()) {
      account.code = code;
    }
    final Hash codeHash = world.getCodeHash(address);
    if (!codeHash.equals(Hash.ZERO) && !codeHash.equals(Keccak.EMPTY)) {
      account.codeHash = codeHash;
    }
    account.empty = account.nonce == 0 && code.isEmpty() && account.balance.isZero();
    if (config.disableCode()) {
      account.code = null;
    }
    if (!config.disableStorage()) {
      account.storage = new TreeMap<>();
    }
    pre.put(key, account);
    addresses.put(key, address);
  }

  private void lookupStorage(final Address address, final UInt256 slot) {
    final Account account = pre.get(address.toHex());
    final Map<String, UInt256[]> storage = account == null ? null : account.storage;
    if (storage == null) {
      return;
    }
    storage.computeIfAbsent(
        slot.toBytes32().toHex(), k -> new UInt256[] {slot, state().getStorage(address, slot)});
  }

  /** geth's processDiffState: keeps in pre what changed, and puts in post what it became. */
  private void diff() {
    final WorldState world = state();
    final Iterator<Map.Entry<String, Account>> accounts = pre.entrySet().iterator();
    while (accounts.hasNext()) {
      final Map.Entry<String, Account> entry = accounts.next();
      final Address address = addresses.get(entry.getKey());
      final Account before = entry.getValue();
      if (address == null || deleted.contains(address)) {
        continue;
      }
      boolean modified = false;
      final Account after = new Account();
      after.storage = new TreeMap<>();
      final UInt256 balance = world.getBalance(address);
      if (!balance.equals(before.balance)) {
        modified = true;
        after.postBalance = balance;
      }
      final long nonce = world.getNonce(address);
      if (nonce != before.nonce) {
        modified = true;
        after.nonce = nonce;
      }
      final Hash codeHash = world.getCodeHash(address);
      final Hash previousHash = before.codeHash == null ? Keccak.EMPTY : before.codeHash;
      final Hash newHash = codeHash.equals(Hash.ZERO) ? Keccak.EMPTY : codeHash;
      if (!newHash.equals(previousHash)) {
        modified = true;
        after.codeHash = codeHash;
      }
      if (!config.disableCode()) {
        final Bytes code = world.getCode(address);
        final Bytes previous = before.code == null ? Bytes.EMPTY : before.code;
        if (!code.equals(previous)) {
          modified = true;
          after.code = code;
        }
      }
      final Map<String, UInt256[]> storage = before.storage;
      if (!config.disableStorage() && storage != null) {
        final Iterator<Map.Entry<String, UInt256[]>> slots = storage.entrySet().iterator();
        while (slots.hasNext()) {
          final Map.Entry<String, UInt256[]> slot = slots.next();
          final UInt256 old = slot.getValue()[1];
          final UInt256 now = world.getStorage(address, slot.getValue()[0]);
          if (old.isZero() || old.equals(now)) {
            slots.remove(); // an empty slot before, or one left as it was, is not a change
          }
          if (!old.equals(now)) {
            modified = true;
            if (!now.isZero()) {
              after.storage.put(slot.getKey(), new UInt256[] {slot.getValue()[0], now});
            }
          }
        }
      }
      if (modified) {
        post.put(entry.getKey(), after);
      } else {
        accounts.remove();
      }
    }
  }

  @Override
  public ObjectNode result() {
    if (!config.diffMode()) {
      return accounts(pre, false);
    }
    final ObjectNode json = JSON.objectNode();
    json.set("post", accounts(post, true));
    json.set("pre", accounts(pre, false));
    return json;
  }

  private static ObjectNode accounts(final Map<String, Account> accounts, final boolean isPost) {
    final ObjectNode json = JSON.objectNode();
    accounts.forEach((address, account) -> json.set(address, account(account, isPost)));
    return json;
  }

  /** geth's field order and omissions: a zero nonce, absent code and empty storage are left out. */
  private static ObjectNode account(final Account account, final boolean isPost) {
    final ObjectNode json = JSON.objectNode();
    final UInt256 balance = isPost ? account.postBalance : account.balance;
    if (balance != null) {
      json.put("balance", balance.toQuantity());
    }
    final Bytes code = account.code;
    if (code != null) {
      json.put("code", code.toHex());
    }
    final Hash codeHash = account.codeHash;
    if (codeHash != null) {
      json.put("codeHash", codeHash.toHex());
    }
    if (account.nonce != 0) {
      json.put("nonce", account.nonce);
    }
    final Map<String, UInt256[]> storage = account.storage;
    if (storage != null && !storage.isEmpty()) {
      final ObjectNode slots = json.putObject("storage");
      storage.forEach((slot, pair) -> slots.put(slot, pair[1].toBytes32().toHex()));
    }
    return json;
  }
}
