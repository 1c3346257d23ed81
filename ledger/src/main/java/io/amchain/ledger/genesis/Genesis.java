package io.amchain.ledger.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.amchain.ledger.block.Block;
import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.block.FeeMarket;
import io.amchain.ledger.state.TrieWorldState;
import io.amchain.ledger.trie.MerklePatriciaTrie;
import io.amchain.ledger.trie.NodeStore;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.UInt256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A chain's first block as geth's {@code genesis.json} describes it: the chain configuration, the
 * pre-funded accounts ({@code alloc}) and the header fields.
 *
 * <p>The forks start as {@link ForkSchedule} reads them from the config: a genesis that names none
 * runs Cancun (and so London's {@code baseFee}) from block 0; a genesis whose London starts at
 * block 0 and that names no {@code baseFeePerGas} gets geth's initial base fee of 1 gwei.
 */
public record Genesis(
    long chainId,
    @Nullable CliqueConfig clique,
    ForkSchedule forks,
    Map<Address, GenesisAccount> alloc,
    long nonce,
    long timestamp,
    Bytes extraData,
    long gasLimit,
    UInt256 difficulty,
    Hash mixHash,
    Address coinbase,
    long number,
    long gasUsed,
    Hash parentHash,
    @Nullable UInt256 baseFeePerGas) {

  /** geth's InitialBaseFee: the base fee of a London genesis that names none. */
  public static final UInt256 INITIAL_BASE_FEE = FeeMarket.INITIAL_BASE_FEE;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An account of the genesis state. */
  public record GenesisAccount(
      UInt256 balance, long nonce, Bytes code, Map<UInt256, UInt256> storage) {
    public GenesisAccount {
      storage = Map.copyOf(storage);
    }
  }

  public Genesis {
    alloc = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alloc));
  }

  public static Genesis read(final Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new GenesisException("cannot read genesis file " + file + ": " + e.getMessage(), e);
    }
  }

  public static Genesis parse(final String json) {
    final JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GenesisException("genesis is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new GenesisException("genesis must be a JSON object");
    }
    final JsonNode config = root.path("config");
    if (!config.isObject()) {
      throw new GenesisException("genesis has no \"config\" object");
    }
    final JsonNode cliqueNode = config.get("clique");
    final CliqueConfig clique =
        cliqueNode == null || cliqueNode.isNull()
            ? null
            : new CliqueConfig(
                longField(cliqueNode, "period", 0, "config.clique"),
                longField(cliqueNode, "epoch", 0, "config.clique"));
    final ForkSchedule forks = ForkSchedule.read(config);
    final UInt256 explicitBaseFee = optionalUInt256(root, "baseFeePerGas");
    final UInt256 baseFee =
        explicitBaseFee != null
            ? explicitBaseFee
            : (forks.londonBlock() == 0 ? INITIAL_BASE_FEE : null);
    return new Genesis(
        longField(config, "chainId", -1, "config"),
        clique,
        forks,
        alloc(root.path("alloc")),
        longField(root, "nonce", 0, ""),
        longField(root, "timestamp", 0, ""),
        bytesField(root, "extraData"),
        longField(root, "gasLimit", -1, ""),
        uint256Field(root, "difficulty", UInt256.ZERO),
        hashField(root, "mixHash"),
        addressField(root, "coinbase"),
        longField(root, "number", 0, ""),
        longField(root, "gasUsed", 0, ""),
        hashField(root, "parentHash"),
        baseFee);
  }

  /** Writes the genesis state into {@code store} and returns the genesis block. */
  public Block build(final NodeStore store) {
    final TrieWorldState state = TrieWorldState.empty(store);
    for (final Map.Entry<Address, GenesisAccount> entry : alloc.entrySet()) {
      final Address address = entry.getKey();
      final GenesisAccount account = entry.getValue();
      state.addBalance(address, account.balance());
      state.setNonce(address, account.nonce());
      if (!account.code().isEmpty()) {
        state.setCode(address, account.code());
      }
      for (final Map.Entry<UInt256, UInt256> slot : account.storage().entrySet()) {
        state.setStorage(address, slot.getKey(), slot.getValue());
      }
    }
    final Hash stateRoot = state.commit();
    final BlockHeader header =
        BlockHeader.builder()
            .parentHash(parentHash)
            .coinbase(coinbase)
            .stateRoot(stateRoot)
            .transactionsRoot(MerklePatriciaTrie.EMPTY_ROOT)
            .receiptsRoot(MerklePatriciaTrie.EMPTY_ROOT)
            .difficulty(difficulty)
            .number(number)
            .gasLimit(gasLimit)
            .gasUsed(gasUsed)
            .timestamp(timestamp)
            .extraData(extraData)
            .mixHash(mixHash)
            .nonce(Bytes.minimal(nonce).leftPad(8))
            .baseFee(baseFeePerGas)
            .build();
    return new Block(header, List.of(), List.of());
  }

  private static Map<Address, GenesisAccount> alloc(final JsonNode node) {
    final Map<Address, GenesisAccount> accounts = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return accounts;
    }
    if (!node.isObject()) {
      throw new GenesisException("\"alloc\" must be an object of address -> account");
    }
    for (final Map.Entry<String, JsonNode> entry : node.properties()) {
      final String where = "alloc." + entry.getKey();
      final Address address;
      try {
        address = Address.fromHex(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw new GenesisException(where + ": " + e.getMessage(), e);
      }
      final JsonNode account = entry.getValue();
      final Map<UInt256, UInt256> storage = new LinkedHashMap<>();
      final JsonNode storageNode = account.path("storage");
      if (storageNode.isObject()) {
        for (final Map.Entry<String, JsonNode> slot : storageNode.properties()) {
          storage.put(
              parseUInt256(slot.getKey(), where + ".storage key"),
              parseUInt256(slot.getValue().asText(), where + ".storage." + slot.getKey()));
        }
      }
      final UInt256 balance = uint256Field(account, "balance", UInt256.ZERO);
      accounts.put(
          address,
          new GenesisAccount(
              balance,
              longField(account, "nonce", 0, where),
              bytesField(account, "code"),
              storage));
    }
    return accounts;
  }

  private static long longField(
      final JsonNode node, final String name, final long fallback, final String where) {
    final JsonNode value = node.get(name);
    final String path = where.isEmpty() ? name : where + "." + name;
    if (value == null || value.isNull()) {
      if (fallback < 0) {
        throw new GenesisException("genesis field \"" + path + "\" is missing");
      }
      return fallback;
    }
    return longValue(value, path);
  }

  static long longValue(final JsonNode value, final String path) {
    if (value.isIntegralNumber()) {
      if (!value.canConvertToLong() || value.asLong() < 0) {
        throw new GenesisException("genesis field \"" + path + "\" is out of range: " + value);
      }
      return value.asLong();
    }
    final UInt256 parsed = parseUInt256(value.asText(), path);
    if (!parsed.fitsLong()) {
      throw new GenesisException("genesis field \"" + path + "\" is out of range: " + value);
    }
    return parsed.toLongExact();
  }

  private static UInt256 uint256Field(
      final JsonNode node, final String name, final UInt256 fallback) {
    final UInt256 value = optionalUInt256(node, name);
    return value == null ? fallback : value;
  }

  private static @Nullable UInt256 optionalUInt256(final JsonNode node, final String name) {
    final JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      try {
        return UInt256.of(value.bigIntegerValue());
      } catch (IllegalArgumentException e) {
        throw new GenesisException("genesis field \"" + name + "\": " + e.getMessage(), e);
      }
    }
    return parseUInt256(value.asText(), name);
  }

  private static UInt256 parseUInt256(final String text, final String path) {
    try {
      return UInt256.parse(text);
    } catch (IllegalArgumentException e) {
      throw new GenesisException("genesis field \"" + path + "\": " + e.getMessage(), e);
    }
  }

  private static Bytes bytesField(final JsonNode node, final String name) {
    final JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Bytes.EMPTY;
    }
    try {
      return Bytes.fromHex(value.asText());
    } catch (IllegalArgumentException e) {
      throw new GenesisException("genesis field \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private static Hash hashField(final JsonNode node, final String name) {
    final Bytes bytes = bytesField(node, name);
    if (bytes.isEmpty()) {
      return Hash.ZERO;
    }
    try {
      return Hash.of(bytes.leftPad(Hash.SIZE));
    } catch (IllegalArgumentException e) {
      throw new GenesisException("genesis field \"" + name + "\": " + e.getMessage(), e);
    }
  }

  private static Address addressField(final JsonNode node, final String name) {
    final Bytes bytes = bytesField(node, name);
    if (bytes.isEmpty()) {
      return Address.ZERO;
    }
    try {
      return Address.of(bytes);
    } catch (IllegalArgumentException e) {
      throw new GenesisException("genesis field \"" + name + "\": " + e.getMessage(), e);
    }
  }
}
