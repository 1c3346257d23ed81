package io.amchain.ledger.block;

import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpException;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.rlp.RlpList;
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
 * A block header in the London layout: the 15 classic fields and, from London on, {@code baseFee}.
 * Later forks' fields (withdrawals, blob gas, beacon root) are refused: Clique chains do not run
 * those forks. Immutable; the hash is computed once.
 */
public final class BlockHeader {
  /** keccak256(rlp([])): the ommers hash of every block without ommers (all Clique blocks). */
  public static final Hash EMPTY_OMMERS_HASH = Keccak.hash(Rlp.encode(RlpItem.list()));

  private final Hash parentHash;
  private final Hash ommersHash;
  private final Address coinbase;
  private final Hash stateRoot;
  private final Hash transactionsRoot;
  private final Hash receiptsRoot;
  private final LogsBloom logsBloom;
  private final UInt256 difficulty;
  private final long number;
  private final long gasLimit;
  private final long gasUsed;
  private final long timestamp;
  private final Bytes extraData;
  private final Hash mixHash;
  private final Bytes nonce;
  private final @Nullable UInt256 baseFee;

  private volatile @Nullable Bytes encoded;
  private volatile @Nullable Hash hash;

  private BlockHeader(final Builder b) {
    this.parentHash = b.parentHash;
    this.ommersHash = b.ommersHash;
    this.coinbase = b.coinbase;
    this.stateRoot = b.stateRoot;
    this.transactionsRoot = b.transactionsRoot;
    this.receiptsRoot = b.receiptsRoot;
    this.logsBloom = b.logsBloom;
    this.difficulty = b.difficulty;
    this.number = b.number;
    this.gasLimit = b.gasLimit;
    this.gasUsed = b.gasUsed;
    this.timestamp = b.timestamp;
    this.extraData = b.extraData;
    this.mixHash = b.mixHash;
    if (b.nonce.size() != 8) {
      throw new IllegalArgumentException("a header nonce is 8 bytes, got " + b.nonce.size());
    }
    this.nonce = b.nonce;
    this.baseFee = b.baseFee;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this header's fields, for deriving a changed copy. */
  public Builder toBuilder() {
    final Builder b = new Builder();
    b.parentHash = parentHash;
    b.ommersHash = ommersHash;
    b.coinbase = coinbase;
    b.stateRoot = stateRoot;
    b.transactionsRoot = transactionsRoot;
    b.receiptsRoot = receiptsRoot;
    b.logsBloom = logsBloom;
    b.difficulty = difficulty;
    b.number = number;
    b.gasLimit = gasLimit;
    b.gasUsed = gasUsed;
    b.timestamp = timestamp;
    b.extraData = extraData;
    b.mixHash = mixHash;
    b.nonce = nonce;
    b.baseFee = baseFee;
    return b;
  }

  public Hash parentHash() {
    return parentHash;
  }

  public Hash ommersHash() {
    return ommersHash;
  }

  /** The beneficiary field. (In Clique it carries the vote's target, not the block's author.) */
  public Address coinbase() {
    return coinbase;
  }

  public Hash stateRoot() {
    return stateRoot;
  }

  public Hash transactionsRoot() {
    return transactionsRoot;
  }

  public Hash receiptsRoot() {
    return receiptsRoot;
  }

  public LogsBloom logsBloom() {
    return logsBloom;
  }

  public UInt256 difficulty() {
    return difficulty;
  }

  public long number() {
    return number;
  }

  public long gasLimit() {
    return gasLimit;
  }

  public long gasUsed() {
    return gasUsed;
  }

  /** Seconds since the Unix epoch. */
  public long timestamp() {
    return timestamp;
  }

  public Bytes extraData() {
    return extraData;
  }

  public Hash mixHash() {
    return mixHash;
  }

  /** 8 bytes. (In Clique: the vote's direction.) */
  public Bytes nonce() {
    return nonce;
  }

  /** EIP-1559's base fee; null before London. */
  public @Nullable UInt256 baseFee() {
    return baseFee;
  }

  public RlpList toRlp() {
    final List<RlpItem> fields = new ArrayList<>(16);
    fields.add(RlpItem.of(parentHash));
    fields.add(RlpItem.of(ommersHash));
    fields.add(RlpItem.of(coinbase));
    fields.add(RlpItem.of(stateRoot));
    fields.add(RlpItem.of(transactionsRoot));
    fields.add(RlpItem.of(receiptsRoot));
    fields.add(RlpItem.of(logsBloom.toBytes()));
    fields.add(RlpItem.of(difficulty));
    fields.add(RlpItem.of(number));
    fields.add(RlpItem.of(gasLimit));
    fields.add(RlpItem.of(gasUsed));
    fields.add(RlpItem.of(timestamp));
    fields.add(RlpItem.of(extraData));
    fields.add(RlpItem.of(mixHash));
    fields.add(RlpItem.of(nonce));
    final UInt256 fee = baseFee;
    if (fee != null) {
      fields.add(RlpItem.of(fee));
    }
    return RlpItem.list(fields);
  }

  public Bytes encoded() {
    Bytes bytes = encoded;
    if (bytes == null) {
      bytes = Rlp.encode(toRlp());
      encoded = bytes;
    }
    return bytes;
  }

  /** keccak256 of the RLP: the block hash. */
  public Hash hash() {
    Hash h = hash;
    if (h == null) {
      h = Keccak.hash(encoded());
      hash = h;
    }
    return h;
  }

  public static BlockHeader decode(final Bytes encoded) {
    return fromRlp(Rlp.decode(encoded));
  }

  public static BlockHeader fromRlp(final RlpItem item) {
    final RlpList list = item.asList();
    if (list.size() > 16) {
      throw new RlpException(
          list.offset(),
          "header has "
              + list.size()
              + " fields: withdrawalsRoot, blob gas and parentBeaconRoot belong to forks after"
              + " London, which Clique chains do not run");
    }
    if (list.size() < 15) {
      throw new RlpException(
          list.offset(), "header must have 15 or 16 fields, found " + list.size());
    }
    final Bytes nonce = list.string(14).bytes();
    if (nonce.size() != 8) {
      throw new RlpException(list.get(14).offset(), "header nonce must be 8 bytes");
    }
    return builder()
        .parentHash(list.string(0).asHash())
        .ommersHash(list.string(1).asHash())
        .coinbase(list.string(2).asAddress())
        .stateRoot(list.string(3).asHash())
        .transactionsRoot(list.string(4).asHash())
        .receiptsRoot(list.string(5).asHash())
        .logsBloom(bloom(list))
        .difficulty(list.string(7).asUInt256())
        .number(list.string(8).asLong())
        .gasLimit(list.string(9).asLong())
        .gasUsed(list.string(10).asLong())
        .timestamp(list.string(11).asLong())
        .extraData(list.string(12).bytes())
        .mixHash(list.string(13).asHash())
        .nonce(nonce)
        .baseFee(list.size() == 16 ? list.string(15).asUInt256() : null)
        .build();
  }

  private static LogsBloom bloom(final RlpList list) {
    final Bytes bytes = list.string(6).bytes();
    if (bytes.size() != LogsBloom.BYTES) {
      throw new RlpException(list.get(6).offset(), "logs bloom must be 256 bytes");
    }
    return LogsBloom.of(bytes);
  }

  @Override
  public boolean equals(final @Nullable Object other) {
    return other instanceof BlockHeader that && encoded().equals(that.encoded());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "BlockHeader[#" + number + " " + hash() + "]";
  }

  /** Fields default to the values of an empty block: zero hashes, empty ommers, zero nonce. */
  public static final class Builder {
    private Hash parentHash = Hash.ZERO;
    private Hash ommersHash = EMPTY_OMMERS_HASH;
    private Address coinbase = Address.ZERO;
    private Hash stateRoot = Hash.ZERO;
    private Hash transactionsRoot = Hash.ZERO;
    private Hash receiptsRoot = Hash.ZERO;
    private LogsBloom logsBloom = LogsBloom.EMPTY;
    private UInt256 difficulty = UInt256.ZERO;
    private long number;
    private long gasLimit;
    private long gasUsed;
    private long timestamp;
    private Bytes extraData = Bytes.EMPTY;
    private Hash mixHash = Hash.ZERO;
    private Bytes nonce = Bytes.wrap(new byte[8]);
    private @Nullable UInt256 baseFee;

    private Builder() {}

    public Builder parentHash(final Hash value) {
      parentHash = Objects.requireNonNull(value);
      return this;
    }

    public Builder ommersHash(final Hash value) {
      ommersHash = Objects.requireNonNull(value);
      return this;
    }

    public Builder coinbase(final Address value) {
      coinbase = Objects.requireNonNull(value);
      return this;
    }

    public Builder stateRoot(final Hash value) {
      stateRoot = Objects.requireNonNull(value);
      return this;
    }

    public Builder transactionsRoot(final Hash value) {
      transactionsRoot = Objects.requireNonNull(value);
      return this;
    }

    public Builder receiptsRoot(final Hash value) {
      receiptsRoot = Objects.requireNonNull(value);
      return this;
    }

    public Builder logsBloom(final LogsBloom value) {
      logsBloom = Objects.requireNonNull(value);
      return this;
    }

    public Builder difficulty(final UInt256 value) {
      difficulty = Objects.requireNonNull(value);
      return this;
    }

    public Builder number(final long value) {
      number = value;
      return this;
    }

    public Builder gasLimit(final long value) {
      gasLimit = value;
      return this;
    }

    public Builder gasUsed(final long value) {
      gasUsed = value;
      return this;
    }

    public Builder timestamp(final long value) {
      timestamp = value;
      return this;
    }

    public Builder extraData(final Bytes value) {
      extraData = Objects.requireNonNull(value);
      return this;
    }

    public Builder mixHash(final Hash value) {
      mixHash = Objects.requireNonNull(value);
      return this;
    }

    public Builder nonce(final Bytes value) {
      nonce = Objects.requireNonNull(value);
      return this;
    }

    public Builder baseFee(final @Nullable UInt256 value) {
      baseFee = value;
      return this;
    }

    public BlockHeader build() {
      return new BlockHeader(this);
    }
  }
}
