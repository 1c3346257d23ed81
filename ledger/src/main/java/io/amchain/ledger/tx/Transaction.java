package io.amchain.ledger.tx;

import io.amchain.ledger.cache.LruCache;
import io.amchain.ledger.crypto.InvalidSignatureException;
import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.crypto.Signature;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
import io.amchain.ledger.rlp.RlpString;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Hash;
import io.amchain.ledger.types.Keccak;
import io.amchain.ledger.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signed transaction in one of the envelopes of {@link TransactionType}: legacy (with or without
 * EIP-155 replay protection), EIP-2930 and EIP-1559.
 *
 * <p>Nonces and gas limits are uint64 values held in a {@code long}; they are compared unsigned
 * where it matters (a nonce of 2^64-2 is valid). Immutable; the encoding, hash and sender are
 * computed once, on first use.
 */
public final class Transaction {
  private static final UInt256 V_BASE = UInt256.of(27);
  private static final UInt256 V_EIP155_BASE = UInt256.of(35);

  private final TransactionType type;
  private final @Nullable UInt256 chainId;
  private final long nonce;
  private final UInt256 maxPriorityFeePerGas;
  private final UInt256 maxFeePerGas;
  private final long gasLimit;
  private final @Nullable Address to;
  private final UInt256 value;
  private final Bytes data;
  private final AccessList accessList;
  private final Signature signature;

  private volatile @Nullable Bytes encoded;
  private volatile @Nullable Hash hash;
  private volatile @Nullable Address sender;

  private Transaction(
      final TransactionType type,
      final @Nullable UInt256 chainId,
      final long nonce,
      final UInt256 maxPriorityFeePerGas,
      final UInt256 maxFeePerGas,
      final long gasLimit,
      final @Nullable Address to,
      final UInt256 value,
      final Bytes data,
      final AccessList accessList,
      final Signature signature) {
    this.type = type;
    this.chainId = chainId;
    this.nonce = nonce;
    this.maxPriorityFeePerGas = maxPriorityFeePerGas;
    this.maxFeePerGas = maxFeePerGas;
    this.gasLimit = gasLimit;
    this.to = to;
    this.value = value;
    this.data = data;
    this.accessList = accessList;
    this.signature = signature;
  }

  public static Builder builder(final TransactionType type) {
    return new Builder(type);
  }

  public TransactionType type() {
    return type;
  }

  /** The chain id the signature commits to; null for a legacy transaction without EIP-155. */
  public @Nullable UInt256 chainId() {
    return chainId;
  }

  public long nonce() {
    return nonce;
  }

  /** The legacy / EIP-2930 gas price; for EIP-1559 the fee cap. */
  public UInt256 gasPrice() {
    return maxFeePerGas;
  }

  public UInt256 maxFeePerGas() {
    return maxFeePerGas;
  }

  /** The tip cap; for legacy and EIP-2930 transactions it equals the gas price. */
  public UInt256 maxPriorityFeePerGas() {
    return maxPriorityFeePerGas;
  }

  public long gasLimit() {
    return gasLimit;
  }

  /** The recipient; null for a contract creation. */
  public @Nullable Address to() {
    return to;
  }

  public boolean isContractCreation() {
    return to == null;
  }

  public UInt256 value() {
    return value;
  }

  public Bytes data() {
    return data;
  }

  public AccessList accessList() {
    return accessList;
  }

  public Signature signature() {
    return signature;
  }

  /** The price per gas actually paid in a block with this base fee (EIP-1559). */
  public UInt256 effectiveGasPrice(final @Nullable UInt256 baseFee) {
    if (type != TransactionType.DYNAMIC_FEE || baseFee == null) {
      return maxFeePerGas;
    }
    return maxFeePerGas.min(baseFee.add(maxPriorityFeePerGas));
  }

  /** The network encoding: an RLP list for legacy, {@code type ‖ rlp(payload)} otherwise. */
  public Bytes encoded() {
    Bytes bytes = encoded;
    if (bytes == null) {
      bytes = encodeFields();
      encoded = bytes;
    }
    return bytes;
  }

  /** The encoding of the fields, whatever bytes this transaction was decoded from. */
  Bytes encodeFields() {
    final Bytes payload = Rlp.encode(RlpItem.list(fields(true)));
    return type == TransactionType.LEGACY
        ? payload
        : Bytes.of((byte) type.number()).concat(payload);
  }

  /** The form a block body holds: legacy as its list, typed ones as an RLP string. */
  public RlpItem toBlockRlp() {
    return type == TransactionType.LEGACY ? Rlp.decode(encoded()) : RlpItem.of(encoded());
  }

  /** keccak256 of the network encoding. */
  public Hash hash() {
    Hash h = hash;
    if (h == null) {
      h = Keccak.hash(encoded());
      hash = h;
    }
    return h;
  }

  /** The hash the sender signed. */
  public Hash signingHash() {
    final List<RlpItem> fields = fields(false);
    if (type == TransactionType.LEGACY) {
      if (chainId != null) {
        fields.add(RlpItem.of(chainId));
        fields.add(RlpItem.of(0));
        fields.add(RlpItem.of(0));
      }
      return Keccak.hash(Rlp.encode(RlpItem.list(fields)));
    }
    return Keccak.hash(Bytes.of((byte) type.number()).concat(Rlp.encode(RlpItem.list(fields))));
  }

  /**
   * Senders recovered in this process, by transaction hash (which covers the signature, so a hash
   * always has one sender). A node meets each transaction several times as separate objects (its
   * pool, gossip, then the block that includes it); recovery costs hundreds of microseconds, a
   * lookup almost nothing.
   */
  private static final LruCache<Hash, Address> RECOVERED_SENDERS = new LruCache<>(1 << 17);

  /**
   * The address that signed this transaction, recovered once and cached.
   *
   * @throws TransactionException with {@link TransactionException.Reason#INVALID_SIGNATURE}
   */
  public Address sender() {
    Address a = sender;
    if (a == null) {
      if (!signature.hasValidRange() || !signature.isLowS()) {
        throw new TransactionException(
            TransactionException.Reason.INVALID_SIGNATURE, "invalid transaction v, r, s values");
      }
      final Hash key = hash();
      a = RECOVERED_SENDERS.get(key);
      if (a == null) {
        try {
          a = Secp256k1.get().recoverAddress(signingHash(), signature);
        } catch (InvalidSignatureException e) {
          throw new TransactionException(
              TransactionException.Reason.INVALID_SIGNATURE,
              "invalid signature: " + e.getMessage(),
              e);
        }
        RECOVERED_SENDERS.put(key, a);
      }
      sender = a;
    }
    return a;
  }

  /** The legacy v value: 27/28, or chainId*2+35/36 under EIP-155. */
  public UInt256 legacyV() {
    final UInt256 parity = UInt256.of(signature.recoveryId());
    final UInt256 id = chainId;
    return id == null ? V_BASE.add(parity) : id.multiply(2).add(V_EIP155_BASE).add(parity);
  }

  private List<RlpItem> fields(final boolean withSignature) {
    final List<RlpItem> fields = new ArrayList<>(12);
    final UInt256 id = chainId;
    if (type != TransactionType.LEGACY) {
      fields.add(RlpItem.of(Objects.requireNonNull(id)));
    }
    fields.add(RlpItem.of(Bytes.minimal(nonce)));
    if (type == TransactionType.DYNAMIC_FEE) {
      fields.add(RlpItem.of(maxPriorityFeePerGas));
    }
    fields.add(RlpItem.of(maxFeePerGas));
    fields.add(RlpItem.of(Bytes.minimal(gasLimit)));
    fields.add(to == null ? RlpItem.of(Bytes.EMPTY) : RlpItem.of(to));
    fields.add(RlpItem.of(value));
    fields.add(RlpItem.of(data));
    if (type != TransactionType.LEGACY) {
      fields.add(accessList.toRlp());
    }
    if (withSignature) {
      fields.add(
          type == TransactionType.LEGACY
              ? RlpItem.of(legacyV())
              : RlpItem.of(signature.recoveryId()));
      fields.add(RlpItem.of(signature.r()));
      fields.add(RlpItem.of(signature.s()));
    }
    return fields;
  }

  /**
   * Decodes the network encoding (what {@code eth_sendRawTransaction} carries).
   *
   * @throws TransactionException on malformed input, an unknown type, or a blob transaction
   */
  public static Transaction decode(final Bytes encoded) {
    final Transaction tx = decodeFields(encoded);
    // The decoder accepts only canonical RLP and minimal scalars, so encoding the fields again
    // would give these very bytes: keeping them saves that work for the hash and every re-send.
    tx.encoded = encoded;
    return tx;
  }

  private static Transaction decodeFields(final Bytes encoded) {
    if (encoded.isEmpty()) {
      throw malformed("empty transaction");
    }
    final int first = encoded.unsigned(0);
    try {
      if (first >= 0xc0) {
        return decodeLegacy(Rlp.decode(encoded).asList());
      }
      if (first == TransactionType.BLOB) {
        throw new TransactionException(TransactionException.Reason.BLOB_NOT_SUPPORTED, "");
      }
      if (first == TransactionType.ACCESS_LIST.number()) {
        return decodeTyped(TransactionType.ACCESS_LIST, Rlp.decode(encoded.slice(1)).asList());
      }
      if (first == TransactionType.DYNAMIC_FEE.number()) {
        return decodeTyped(TransactionType.DYNAMIC_FEE, Rlp.decode(encoded.slice(1)).asList());
      }
    } catch (RlpException | IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
    // geth's text is the whole message: clients match it exactly.
    throw new TransactionException(TransactionException.Reason.UNSUPPORTED_TYPE, "");
  }

  /** Decodes a transaction as a block body holds it. */
  public static Transaction fromBlockRlp(final RlpItem item) {
    if (item instanceof RlpList list) {
      try {
        return decodeLegacy(list);
      } catch (RlpException | IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }
    final Bytes typed = item.asString().bytes();
    if (!typed.isEmpty() && typed.unsigned(0) >= 0x80) {
      throw malformed("a typed transaction in a block must start with its type byte");
    }
    return decode(typed);
  }

  private static Transaction decodeLegacy(final RlpList list) {
    list.requireSize(9, "legacy transaction");
    final UInt256 v = list.string(6).asUInt256();
    final UInt256 chainId;
    final int parity;
    if (v.equals(V_BASE) || v.equals(V_BASE.add(UInt256.ONE))) {
      chainId = null;
      parity = v.subtract(V_BASE).toBigInteger().intValue();
    } else if (!v.lessThan(V_EIP155_BASE)) {
      final UInt256 offset = v.subtract(V_EIP155_BASE);
      chainId = UInt256.of(offset.toBigInteger().shiftRight(1));
      parity = offset.toBigInteger().testBit(0) ? 1 : 0;
    } else {
      throw new TransactionException(
          TransactionException.Reason.INVALID_SIGNATURE, "invalid legacy v value " + v);
    }
    return new Transaction(
        TransactionType.LEGACY,
        chainId,
        uint64(list.string(0)),
        list.string(1).asUInt256(),
        list.string(1).asUInt256(),
        uint64(list.string(2)),
        recipient(list.string(3)),
        list.string(4).asUInt256(),
        list.string(5).bytes(),
        AccessList.EMPTY,
        new Signature(list.string(7).asUInt256(), list.string(8).asUInt256(), parity));
  }

  private static Transaction decodeTyped(final TransactionType type, final RlpList list) {
    final boolean dynamic = type == TransactionType.DYNAMIC_FEE;
    list.requireSize(dynamic ? 12 : 11, "type " + type.number() + " transaction");
    int i = 0;
    final UInt256 chainId = list.string(i++).asUInt256();
    final long nonce = uint64(list.string(i++));
    final UInt256 tip = list.string(i++).asUInt256();
    final UInt256 feeCap = dynamic ? list.string(i++).asUInt256() : tip;
    final long gasLimit = uint64(list.string(i++));
    final Address to = recipient(list.string(i++));
    final UInt256 value = list.string(i++).asUInt256();
    final Bytes data = list.string(i++).bytes();
    final AccessList accessList = AccessList.fromRlp(list.get(i++));
    final long yParity = list.string(i++).asLong();
    if (yParity != 0 && yParity != 1) {
      throw new TransactionException(
          TransactionException.Reason.INVALID_SIGNATURE, "y parity must be 0 or 1, got " + yParity);
    }
    final UInt256 r = list.string(i++).asUInt256();
    final UInt256 s = list.string(i).asUInt256();
    return new Transaction(
        type,
        chainId,
        nonce,
        tip,
        feeCap,
        gasLimit,
        to,
        value,
        data,
        accessList,
        new Signature(r, s, (int) yParity));
  }

  private static long uint64(final RlpString string) {
    return string.asUInt64().toBigInteger().longValue();
  }

  private static @Nullable Address recipient(final RlpString string) {
    return string.bytes().isEmpty() ? null : string.asAddress();
  }

  private static TransactionException malformed(final @Nullable String message) {
    return new TransactionException(TransactionException.Reason.MALFORMED, String.valueOf(message));
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof Transaction that && encoded().equals(that.encoded());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "Transaction[" + type + " " + hash() + "]";
  }

  /** Builds and signs a transaction. */
  public static final class Builder {
    private final TransactionType type;
    private @Nullable UInt256 chainId;
    private long nonce;
    private UInt256 maxPriorityFeePerGas = UInt256.ZERO;
    private UInt256 maxFeePerGas = UInt256.ZERO;
    private long gasLimit;
    private @Nullable Address to;
    private UInt256 value = UInt256.ZERO;
    private Bytes data = Bytes.EMPTY;
    private AccessList accessList = AccessList.EMPTY;

    private Builder(final TransactionType type) {
      this.type = type;
    }

    /** Required for typed transactions; for legacy ones it turns EIP-155 on. */
    public Builder chainId(final long id) {
      this.chainId = UInt256.of(id);
      return this;
    }

    public Builder nonce(final long n) {
      this.nonce = n;
      return this;
    }

    /** Legacy and EIP-2930: the gas price. */
    public Builder gasPrice(final UInt256 price) {
      this.maxFeePerGas = price;
      this.maxPriorityFeePerGas = price;
      return this;
    }

    public Builder maxFeePerGas(final UInt256 fee) {
      this.maxFeePerGas = fee;
      return this;
    }

    public Builder maxPriorityFeePerGas(final UInt256 fee) {
      this.maxPriorityFeePerGas = fee;
      return this;
    }

    public Builder gasLimit(final long gas) {
      this.gasLimit = gas;
      return this;
    }

    public Builder to(final @Nullable Address recipient) {
      this.to = recipient;
      return this;
    }

    public Builder value(final UInt256 amount) {
      this.value = amount;
      return this;
    }

    public Builder data(final Bytes input) {
      this.data = input;
      return this;
    }

    public Builder accessList(final AccessList list) {
      this.accessList = list;
      return this;
    }

    public Transaction sign(final PrivateKey key) {
      if (type != TransactionType.LEGACY && chainId == null) {
        throw new IllegalStateException("a typed transaction needs a chain id");
      }
      final Signature placeholder = new Signature(UInt256.ONE, UInt256.ONE, 0);
      final Transaction unsigned = build(placeholder);
      final Signature signature = Secp256k1.get().sign(unsigned.signingHash(), key);
      return build(signature);
    }

    private Transaction build(final Signature signature) {
      return new Transaction(
          type,
          chainId,
          nonce,
          maxPriorityFeePerGas,
          maxFeePerGas,
          gasLimit,
          to,
          value,
          data,
          accessList,
          signature);
    }
  }
}
