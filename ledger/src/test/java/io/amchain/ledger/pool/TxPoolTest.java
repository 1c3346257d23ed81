package io.amchain.ledger.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.amchain.ledger.crypto.PrivateKey;
import io.amchain.ledger.crypto.Secp256k1;
import io.amchain.ledger.pool.TxPool.Accepted;
import io.amchain.ledger.pool.TxPool.AccountView;
import io.amchain.ledger.pool.TxPool.Limits;
import io.amchain.ledger.pool.TxPool.Rejected;
import io.amchain.ledger.pool.TxPool.Result;
import io.amchain.ledger.rlp.Rlp;
import io.amchain.ledger.rlp.RlpItem;
import io.amchain.ledger.tx.Transaction;
import io.amchain.ledger.tx.TransactionException;
import io.amchain.ledger.tx.TransactionException.Reason;
import io.amchain.ledger.tx.TransactionType;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import io.amchain.ledger.types.Fork;
import io.amchain.ledger.types.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class TxPoolTest {
  private static final long CHAIN_ID = 1337;
  private static final UInt256 BASE_FEE = gwei(1);
  private static final Address RECIPIENT = Address.fromHex("0x" + "42".repeat(20));

  private static final PrivateKey ALICE = PrivateKey.of(UInt256.of(0xA11CEL));
  private static final PrivateKey BOB = PrivateKey.of(UInt256.of(0xB0BL));
  private static final PrivateKey CAROL = PrivateKey.of(UInt256.of(0xCA201L));
  private static final PrivateKey DAVE = PrivateKey.of(UInt256.of(0xDA7EL));

  /** A byte bound that no test reaches unless it means to. */
  private static final long BYTES = 1L << 20;

  /** The node's defaults but any tip, so that prices can be written in wei. */
  private static final Limits ANY_TIP = Limits.DEFAULT.withMinGasPrice(UInt256.ONE);

  private final State state = new State();
  private TxPool pool = pool(ANY_TIP);

  /** A pool at the head {@link #state}, pricing the next block at {@link #BASE_FEE}. */
  private TxPool pool(final Limits limits) {
    final TxPool fresh = new TxPool(CHAIN_ID, limits);
    fresh.newHead(state, BASE_FEE);
    return fresh;
  }

  /** Nonces and balances of a head state; every account starts with 100 ether; Cancun next. */
  private static final class State implements AccountView {
    private final Map<Address, Long> nonces = new HashMap<>();
    private final Map<Address, UInt256> balances = new HashMap<>();
    private Fork rules = Fork.CANCUN;

    @Override
    public Fork rules() {
      return rules;
    }

    @Override
    public long nonce(final Address address) {
      return nonces.getOrDefault(address, 0L);
    }

    @Override
    public UInt256 balance(final Address address) {
      return balances.getOrDefault(address, UInt256.of(BigInteger.TEN.pow(20)));
    }

    State nonce(final PrivateKey key, final long nonce) {
      nonces.put(address(key), nonce);
      return this;
    }

    State balance(final PrivateKey key, final UInt256 balance) {
      balances.put(address(key), balance);
      return this;
    }
  }

  // ---- building transactions --------------------------------------------------------------

  private static UInt256 gwei(final long amount) {
    return UInt256.of(amount * 1_000_000_000L);
  }

  private static Address address(final PrivateKey key) {
    return key.publicKey().address();
  }

  private static Transaction.Builder dynamic(
      final long nonce, final UInt256 feeCap, final UInt256 tip) {
    return Transaction.builder(TransactionType.DYNAMIC_FEE)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .maxFeePerGas(feeCap)
        .maxPriorityFeePerGas(tip)
        .gasLimit(21_000)
        .to(RECIPIENT)
        .value(UInt256.ONE);
  }

  /** A transfer paying up to 100 gwei with the given tip (in gwei). */
  private static Transaction tx(final PrivateKey key, final long nonce, final long tipGwei) {
    return dynamic(nonce, gwei(100), gwei(tipGwei)).sign(key);
  }

  private static Transaction tx(final PrivateKey key, final long nonce) {
    return tx(key, nonce, 1);
  }

  private static Transaction priced(
      final PrivateKey key, final long nonce, final long feeCap, final long tip) {
    return dynamic(nonce, UInt256.of(feeCap), UInt256.of(tip)).sign(key);
  }

  private static Transaction withGas(
      final PrivateKey key, final long nonce, final long tipGwei, final long gas) {
    return dynamic(nonce, gwei(100), gwei(tipGwei)).gasLimit(gas).sign(key);
  }

  /** A transfer carrying {@code zeros} zero bytes of data, for the byte bound. */
  private static Transaction sized(
      final PrivateKey key, final long nonce, final long tipGwei, final int zeros) {
    return dynamic(nonce, gwei(100), gwei(tipGwei))
        .data(Bytes.wrap(new byte[zeros]))
        .gasLimit(21_000 + 4L * zeros)
        .sign(key);
  }

  private static Transaction legacy(final PrivateKey key, final long nonce, final long gasPrice) {
    return Transaction.builder(TransactionType.LEGACY)
        .chainId(CHAIN_ID)
        .nonce(nonce)
        .gasPrice(UInt256.of(gasPrice))
        .gasLimit(21_000)
        .to(RECIPIENT)
        .sign(key);
  }

  private static BigInteger cost(final Transaction tx) {
    return tx.maxFeePerGas()
        .toBigInteger()
        .multiply(BigInteger.valueOf(tx.gasLimit()))
        .add(tx.value().toBigInteger());
  }

  // ---- driving the pool -------------------------------------------------------------------

  private Result add(final Transaction tx) {
    return pool.add(tx, state);
  }

  private Accepted accepted(final Transaction tx) {
    final Result result = add(tx);
    if (result instanceof Rejected rejected) {
      throw new AssertionError("rejected: " + rejected.detail());
    }
    return (Accepted) result;
  }

  private Rejected rejected(final Transaction tx, final Reason reason) {
    final Result result = add(tx);
    final Rejected rejected = assertInstanceOf(Rejected.class, result, "accepted " + tx);
    assertEquals(reason, rejected.reason(), rejected.detail());
    return rejected;
  }

  @Test
  void theInitCodeLimitHoldsOnlyWhereTheNextBlockRunsShanghai() {
    final Transaction creation =
        dynamic(0, gwei(100), gwei(1))
            .to(null)
            .data(Bytes.wrap(new byte[50_000]))
            .gasLimit(400_000)
            .value(UInt256.ZERO)
            .sign(ALICE);
    state.rules = Fork.SHANGHAI;
    rejected(creation, Reason.INIT_CODE_TOO_LARGE);
    state.rules = Fork.PARIS;
    accepted(creation);
  }

  private List<Long> pendingNonces(final PrivateKey key) {
    final SortedMap<Long, Transaction> txs = pool.pending().get(address(key));
    return txs == null ? List.of() : List.copyOf(txs.keySet());
  }

  private List<Long> queuedNonces(final PrivateKey key) {
    final SortedMap<Long, Transaction> txs = pool.queued().get(address(key));
    return txs == null ? List.of() : List.copyOf(txs.keySet());
  }

  // ---- tests ------------------------------------------------------------------------------

  @Test
  void alreadyKnown() {
    final Transaction tx = tx(ALICE, 0);
    accepted(tx);
    rejected(tx, Reason.ALREADY_KNOWN);
    assertEquals(1, pool.size());
  }

  @Test
  void wrongChainId() {
    final Transaction tx =
        Transaction.builder(TransactionType.DYNAMIC_FEE)
            .chainId(1)
            .maxFeePerGas(gwei(2))
            .maxPriorityFeePerGas(gwei(1))
            .gasLimit(21_000)
            .to(RECIPIENT)
            .sign(ALICE);
    final Rejected rejected = rejected(tx, Reason.WRONG_CHAIN_ID);
    assertTrue(rejected.detail().contains("have 1 want 1337"), rejected.detail());
  }

  @Test
  void invalidSignature() {
    // The same transaction with s replaced by n - s: a valid curve point, but high s (EIP-2).
    final Transaction valid = tx(ALICE, 0);
    final List<RlpItem> fields =
        new ArrayList<>(Rlp.decode(valid.encoded().slice(1)).asList().items());
    fields.set(11, RlpItem.of(Secp256k1.N.subtract(valid.signature().s())));
    final Transaction highS =
        Transaction.decode(Bytes.of((byte) 2).concat(Rlp.encode(RlpItem.list(fields))));

    final Rejected rejected = rejected(highS, Reason.INVALID_SIGNATURE);
    assertEquals("invalid transaction v, r, s values", rejected.detail());
  }

  @Test
  void intrinsicGasTooLow() {
    final Rejected rejected = rejected(withGas(ALICE, 0, 1, 20_999), Reason.INTRINSIC_GAS_TOO_LOW);
    assertTrue(rejected.detail().contains("have 20999, want 21000"), rejected.detail());
  }

  @Test
  void gasAboveTheBlockGasLimit() {
    rejected(withGas(ALICE, 0, 1, 30_000_001), Reason.EXCEEDS_BLOCK_GAS_LIMIT);
    accepted(withGas(ALICE, 0, 1, 30_000_000));
  }

  @Test
  void tipBelowThePoolMinimum() {
    pool = pool(new Limits(16, 64, BYTES, 30_000_000, gwei(1), 10));
    final Rejected rejected =
        rejected(
            dynamic(0, gwei(5), gwei(1).subtract(UInt256.ONE)).sign(ALICE), Reason.UNDERPRICED);
    assertTrue(rejected.detail().contains("minimum needed 1000000000"), rejected.detail());
    rejected(legacy(BOB, 0, 999_999_999), Reason.UNDERPRICED);
    accepted(legacy(BOB, 0, 1_000_000_000));
    accepted(dynamic(0, gwei(5), gwei(1)).sign(ALICE));
  }

  @Test
  void tipAboveFeeCap() {
    rejected(priced(ALICE, 0, 100, 101), Reason.PRIORITY_FEE_ABOVE_MAX_FEE);
  }

  @Test
  void nonceTooLow() {
    state.nonce(ALICE, 5);
    final Rejected rejected = rejected(tx(ALICE, 4), Reason.NONCE_TOO_LOW);
    assertEquals("next nonce 5, tx nonce 4", rejected.detail());
    accepted(tx(ALICE, 5));
  }

  @Test
  void nonceAtItsMaximum() {
    rejected(tx(ALICE, -1L), Reason.NONCE_MAX); // 2^64-1, EIP-2681
  }

  @Test
  void insufficientFundsForOneTransaction() {
    final Transaction tx = tx(ALICE, 0);
    state.balance(ALICE, UInt256.of(cost(tx).subtract(BigInteger.ONE)));
    final Rejected rejected = rejected(tx, Reason.INSUFFICIENT_FUNDS);
    assertTrue(rejected.detail().endsWith("overshot 1"), rejected.detail());

    state.balance(ALICE, UInt256.of(cost(tx)));
    accepted(tx);
  }

  @Test
  void feesOverflowingTheWordAreRefusedAsAnOverflow() {
    // The API words FEE_OVERFLOW as geth does: "insufficient funds for gas * price + value".
    final Transaction tx = dynamic(0, UInt256.MAX, UInt256.ONE).sign(ALICE);
    rejected(tx, Reason.FEE_OVERFLOW);
  }

  @Test
  void initCodeTooLarge() {
    final Transaction create =
        dynamic(0, gwei(100), gwei(1))
            .to(null)
            .data(Bytes.wrap(new byte[49_153]))
            .gasLimit(1_000_000)
            .sign(ALICE);
    rejected(create, Reason.INIT_CODE_TOO_LARGE);
  }

  @Test
  void oversizedData() {
    final Transaction big =
        dynamic(0, gwei(1), gwei(1))
            .data(Bytes.wrap(new byte[TxPool.MAX_TX_SIZE]))
            .gasLimit(10_000_000)
            .sign(ALICE);
    final Rejected rejected = rejected(big, Reason.OVERSIZED);
    assertTrue(rejected.detail().contains("limit 131072"), rejected.detail());
  }

  @Test
  void decodingFailuresKeepTheirReasons() {
    final TransactionException blob =
        assertThrows(TransactionException.class, () -> Transaction.decode(Bytes.fromHex("0x03c0")));
    assertEquals(Reason.BLOB_NOT_SUPPORTED, Rejected.of(blob).reason());

    final TransactionException garbage =
        assertThrows(TransactionException.class, () -> Transaction.decode(Bytes.fromHex("0x02ff")));
    final Rejected malformed = Rejected.of(garbage);
    assertEquals(Reason.MALFORMED, malformed.reason());
    assertFalse(malformed.detail().isEmpty(), "the decoder says what it found");
  }

  @Test
  void pendingTransactionsAreCountedTogetherQueuedOnesAreNot() {
    final BigInteger one = cost(tx(ALICE, 0));
    state.balance(ALICE, UInt256.of(one.multiply(BigInteger.TWO)));

    accepted(tx(ALICE, 0)); // pending: one
    accepted(tx(ALICE, 5)); // queued, not counted
    accepted(tx(ALICE, 6));
    accepted(tx(ALICE, 1)); // pending: two, all the balance
    final Rejected rejected = rejected(tx(ALICE, 2), Reason.INSUFFICIENT_FUNDS);
    assertTrue(rejected.detail().contains("queued cost " + one.multiply(BigInteger.TWO)));
  }

  @Test
  void aReplacementCountsInsteadOfTheTransactionItReplaces() {
    final Transaction first = tx(ALICE, 0, 1);
    final Transaction second = tx(ALICE, 1, 1);
    final Transaction dearer = dynamic(1, gwei(200), gwei(2)).sign(ALICE);
    state.balance(ALICE, UInt256.of(cost(first).add(cost(dearer)).subtract(BigInteger.ONE)));
    accepted(first);
    accepted(second);
    rejected(dearer, Reason.INSUFFICIENT_FUNDS);

    state.balance(ALICE, UInt256.of(cost(first).add(cost(dearer))));
    assertEquals(second, accepted(dearer).replaced());
  }

  @Test
  void needsBothFeeCapAndTipRaisedByTenPercent() {
    accepted(priced(ALICE, 0, 1000, 100));
    rejected(priced(ALICE, 0, 1099, 110), Reason.REPLACEMENT_UNDERPRICED);
    rejected(priced(ALICE, 0, 1100, 109), Reason.REPLACEMENT_UNDERPRICED);
    rejected(priced(ALICE, 0, 5000, 100), Reason.REPLACEMENT_UNDERPRICED);

    final Transaction exactlyTenPercent = priced(ALICE, 0, 1100, 110);
    final Accepted accepted = accepted(exactlyTenPercent);
    assertEquals(priced(ALICE, 0, 1000, 100), accepted.replaced());
    assertEquals(1, pool.size());
    assertEquals(List.of(0L), queuedNonces(ALICE));
    assertEquals(exactlyTenPercent, pool.get(exactlyTenPercent.hash()).orElseThrow());
    assertFalse(pool.contains(priced(ALICE, 0, 1000, 100).hash()));
  }

  @Test
  void thresholdsRoundDownAsGethsDo() {
    // 15 * 110 / 100 = 16.5, so 16 is enough; the raise must still be strict.
    pool = pool(new Limits(16, 64, BYTES, 30_000_000, UInt256.ZERO, 10));
    accepted(priced(ALICE, 0, 15, 15));
    accepted(priced(ALICE, 0, 16, 16));
    accepted(priced(BOB, 0, 5, 0));
    rejected(priced(BOB, 0, 6, 0), Reason.REPLACEMENT_UNDERPRICED); // tip 0 -> 0 is no raise
    accepted(priced(BOB, 0, 6, 1));
  }

  @Test
  void legacyGasPriceCountsAsBothFeeCapAndTip() {
    accepted(legacy(ALICE, 0, 1_000_000_000));
    rejected(legacy(ALICE, 0, 1_099_999_999), Reason.REPLACEMENT_UNDERPRICED);
    assertEquals(
        legacy(ALICE, 0, 1_000_000_000), accepted(legacy(ALICE, 0, 1_100_000_000)).replaced());
  }

  @Test
  void aQueuedTransactionIsReplacedInPlace() {
    accepted(priced(ALICE, 3, 1000, 100));
    accepted(priced(ALICE, 3, 2000, 200));
    assertEquals(List.of(3L), queuedNonces(ALICE));
    assertEquals(1, pool.queuedCount());
    assertEquals(UInt256.of(2000), pool.queued().get(address(ALICE)).get(3L).maxFeePerGas());
  }

  @Test
  void theBumpIsConfigurable() {
    pool = pool(new Limits(16, 64, BYTES, 30_000_000, UInt256.ONE, 25));
    accepted(priced(ALICE, 0, 100, 100));
    rejected(priced(ALICE, 0, 124, 124), Reason.REPLACEMENT_UNDERPRICED);
    accepted(priced(ALICE, 0, 125, 125));
  }

  @Test
  void aGapQueuesAndFillingItPromotes() {
    final Accepted first = accepted(tx(ALICE, 0));
    assertNull(first.replaced());
    assertEquals(List.of(), first.evicted());
    assertEquals(List.of(tx(ALICE, 0)), first.executable());
    assertEquals(tx(ALICE, 0).hash(), first.hash());
    accepted(tx(ALICE, 2));
    accepted(tx(ALICE, 3));
    assertEquals(List.of(0L), pendingNonces(ALICE));
    assertEquals(List.of(2L, 3L), queuedNonces(ALICE));
    assertEquals(1, pool.pendingCount());
    assertEquals(2, pool.queuedCount());
    assertEquals(1, pool.nextNonce(address(ALICE), state));

    accepted(tx(ALICE, 1));
    assertEquals(List.of(0L, 1L, 2L, 3L), pendingNonces(ALICE));
    assertEquals(List.of(), queuedNonces(ALICE));
    assertFalse(pool.queued().containsKey(address(ALICE)));
    assertEquals(4, pool.pendingCount());
    assertEquals(0, pool.queuedCount());
    assertEquals(4, pool.nextNonce(address(ALICE), state));
  }

  @Test
  void pendingStartsAtTheAccountNonce() {
    state.nonce(ALICE, 7);
    accepted(tx(ALICE, 8));
    assertEquals(List.of(8L), queuedNonces(ALICE));
    accepted(tx(ALICE, 7));
    assertEquals(List.of(7L, 8L), pendingNonces(ALICE));
    assertEquals(9, pool.nextNonce(address(ALICE), state));
    assertEquals(0, pool.nextNonce(address(BOB), state));
  }

  @Test
  void aFeeCapBelowTheBaseFeeIsQueuedUntilTheBaseFeeFalls() {
    final Transaction low = priced(ALICE, 0, 10, 1); // 10 wei against a base fee of 1 gwei
    final Transaction next = tx(ALICE, 1);
    assertEquals(List.of(), accepted(low).executable(), "not spread");
    assertEquals(List.of(), accepted(next).executable(), "behind one that cannot run");
    assertEquals(List.of(), pendingNonces(ALICE));
    assertEquals(List.of(0L, 1L), queuedNonces(ALICE));
    assertEquals(List.of(), pool.executable(state, BASE_FEE, 30_000_000));
    assertEquals(2, pool.nextNonce(address(ALICE), state), "a wallet queues behind its own");

    assertEquals(List.of(low, next), pool.newHead(state, UInt256.of(10)));
    assertEquals(List.of(0L, 1L), pendingNonces(ALICE));
    assertEquals(List.of(low, next), pool.executable(state, UInt256.of(10), 30_000_000));

    assertEquals(List.of(), pool.newHead(state, BASE_FEE), "demoted, and already spread");
    assertEquals(List.of(0L, 1L), queuedNonces(ALICE));
  }

  @Test
  void aReplacementThatPaysTheBaseFeeBecomesExecutable() {
    accepted(priced(ALICE, 0, 10, 1));
    accepted(tx(ALICE, 1));
    final Transaction paying = dynamic(0, gwei(2), UInt256.of(2)).sign(ALICE);
    assertEquals(List.of(paying, tx(ALICE, 1)), accepted(paying).executable());
    assertEquals(List.of(0L, 1L), pendingNonces(ALICE));
  }

  @Test
  void whatTheSenderCannotPayForYetIsQueued() {
    final Transaction first = tx(ALICE, 0);
    state.balance(ALICE, UInt256.of(cost(first).multiply(BigInteger.TWO)));
    accepted(first);
    accepted(tx(ALICE, 1));
    // The balance falls to one transaction's cost: the second stays pooled, but cannot run.
    state.balance(ALICE, UInt256.of(cost(first)));
    pool.newHead(state, BASE_FEE);
    assertEquals(List.of(0L), pendingNonces(ALICE));
    assertEquals(List.of(1L), queuedNonces(ALICE));
    assertEquals(List.of(first), pool.executable(state, BASE_FEE, 30_000_000));
  }

  /**
   * The pool freeze of issue 18: sixteen dust-funded senders fill the pool with transactions whose
   * fee cap is below the base fee. They are queued, never spread nor built into a block, and the
   * first transaction that pays takes the place of one of them.
   */
  @Test
  void transactionsBelowTheBaseFeeCannotFreezeThePool() {
    pool = pool(new Limits(4, 64, BYTES, 30_000_000, gwei(1), 10));
    pool.newHead(state, gwei(10));
    final List<Transaction> flood = new ArrayList<>();
    for (int sender = 0; sender < 16; sender++) {
      final PrivateKey key = PrivateKey.of(UInt256.of(0xF100D00L + sender));
      final Transaction first = dynamic(0, gwei(2), gwei(1)).sign(key);
      // Dust: just its four transactions' worth, all the pool before issue 18 asked of them.
      state.balance(key, UInt256.of(cost(first).multiply(BigInteger.valueOf(4))));
      for (int nonce = 0; nonce < 4; nonce++) {
        final Transaction tx = dynamic(nonce, gwei(2), gwei(1)).sign(key);
        assertEquals(List.of(), accepted(tx).executable(), "not spread");
        flood.add(tx);
      }
    }
    assertEquals(64, pool.size());
    assertEquals(0, pool.pendingCount());
    assertEquals(64, pool.queuedCount());
    assertEquals(Map.of(), pool.pending());
    assertEquals(List.of(), pool.executable(state, gwei(10), 30_000_000));

    final Transaction good = tx(ALICE, 0);
    final Accepted accepted = accepted(good);
    assertEquals(List.of(good), accepted.executable());
    assertEquals(1, accepted.evicted().size());
    assertEquals(3L, accepted.evicted().get(0).nonce(), "from the tail of a flooding sender");
    assertEquals(List.of(0L), pendingNonces(ALICE));
    assertEquals(List.of(good), pool.executable(state, gwei(10), 30_000_000));
    assertEquals(64, pool.size());
    // Another that pays: the pool stays full but keeps taking them.
    assertEquals(1, accepted(tx(BOB, 0)).evicted().size());
    assertEquals(62, flood.stream().filter(tx -> pool.contains(tx.hash())).count());
  }

  @Test
  void aFullPoolEvictsQueuedTailsFirstThenTheCheapestExecutableTail() {
    pool = pool(new Limits(10, 4, BYTES, 30_000_000, UInt256.ONE, 10));
    final Transaction a0 = tx(ALICE, 0, 9); // Alice's head pays the most,
    final Transaction a1 = tx(ALICE, 1, 1); // her tail the least
    final Transaction b0 = tx(BOB, 0, 5);
    final Transaction waiting = priced(CAROL, 0, 10, 1); // below the base fee
    for (final Transaction tx : List.of(a0, a1, b0, waiting)) {
      accepted(tx);
    }
    final Transaction d0 = tx(DAVE, 0, 2);
    assertEquals(List.of(waiting), accepted(d0).evicted(), "queued before executable");

    final Transaction c0 = tx(CAROL, 0, 3);
    assertEquals(List.of(a1), accepted(c0).evicted(), "the cheapest tail");
    assertEquals(List.of(0L), pendingNonces(ALICE), "her head stays, with no gap behind it");

    // Equal to the cheapest tail (Dave's 2 gwei) is not enough; a queued one never outranks.
    final PrivateKey erin = PrivateKey.of(UInt256.of(0xE21EL));
    final Rejected full = rejected(tx(erin, 0, 2), Reason.POOL_FULL);
    assertTrue(full.detail().contains("none it outbids"), full.detail());
    rejected(tx(erin, 1, 90), Reason.POOL_FULL);
    assertEquals(List.of(d0), accepted(tx(erin, 0, 4)).evicted());
    assertEquals(4, pool.size());
    assertEquals(4, pool.pendingCount());
  }

  @Test
  void aFullPoolEvictsNoneOfTheSendersOwn() {
    pool = pool(new Limits(10, 3, BYTES, 30_000_000, UInt256.ONE, 10));
    accepted(tx(ALICE, 0, 1));
    accepted(tx(ALICE, 1, 1));
    accepted(tx(ALICE, 5, 1));
    rejected(tx(ALICE, 2, 50), Reason.POOL_FULL);
    accepted(dynamic(1, gwei(110), gwei(2)).sign(ALICE)); // replacing takes no slot
    assertEquals(List.of(tx(ALICE, 5, 1)), accepted(tx(BOB, 0, 2)).evicted());
    assertEquals(3, pool.size());
  }

  @Test
  void theEncodedSizeIsBoundedToo() {
    final long bound = TxPool.MAX_TX_SIZE;
    pool = pool(new Limits(10, 100, bound, 30_000_000, UInt256.ONE, 10));
    final Transaction a0 = sized(ALICE, 0, 1, 60_000);
    final Transaction b0 = sized(BOB, 0, 2, 60_000);
    accepted(a0);
    accepted(b0);
    assertEquals(a0.encoded().size() + b0.encoded().size(), pool.bytes());

    // Two of three slots free, but not the bytes: one that pays no more is refused.
    rejected(sized(CAROL, 0, 1, 60_000), Reason.POOL_FULL);
    final Transaction c0 = sized(CAROL, 0, 3, 60_000);
    assertEquals(List.of(a0), accepted(c0).evicted());
    assertTrue(pool.bytes() <= bound, () -> pool.bytes() + " bytes");
    // A big one may need several to go.
    final Transaction big = sized(DAVE, 0, 9, 120_000);
    assertEquals(List.of(b0, c0), accepted(big).evicted());
    assertEquals(big.encoded().size(), pool.bytes());
  }

  @Test
  void viewsAndLookups() {
    final Transaction a0 = tx(ALICE, 0);
    final Transaction a2 = tx(ALICE, 2);
    final Transaction b0 = tx(BOB, 0);
    accepted(a2);
    accepted(b0);
    accepted(a0);

    assertTrue(pool.contains(a2.hash()));
    assertEquals(a2, pool.get(a2.hash()).orElseThrow());
    assertTrue(pool.get(tx(CAROL, 0).hash()).isEmpty());
    assertEquals(Map.of(0L, a0), pool.pending().get(address(ALICE)));
    assertEquals(Map.of(0L, b0), pool.pending().get(address(BOB)));
    assertEquals(Map.of(2L, a2), pool.queued().get(address(ALICE)));
    assertEquals(3, pool.size());
  }

  @Test
  void manySendersInShuffledOrderEndFullyPending() {
    final List<PrivateKey> keys = List.of(ALICE, BOB, CAROL, DAVE);
    final List<Transaction> txs = new ArrayList<>();
    for (final PrivateKey key : keys) {
      for (int nonce = 0; nonce < 30; nonce++) {
        txs.add(tx(key, nonce, 1 + nonce % 7));
      }
    }
    Collections.shuffle(txs, new Random(42));
    txs.forEach(this::accepted);

    assertEquals(120, pool.pendingCount());
    assertEquals(0, pool.queuedCount());
    final List<Transaction> block = pool.executable(state, BASE_FEE, 30_000_000);
    assertEquals(120, block.size());
    final Map<Address, Long> expected = new HashMap<>();
    for (final Transaction tx : block) {
      final long next = expected.getOrDefault(tx.sender(), 0L);
      assertEquals(next, tx.nonce(), "nonce order per sender");
      expected.put(tx.sender(), next + 1);
    }
  }

  @Test
  void senderLimit() {
    pool = pool(new Limits(3, 100, BYTES, 30_000_000, UInt256.ONE, 10));
    accepted(tx(ALICE, 0));
    accepted(tx(ALICE, 1));
    accepted(tx(ALICE, 5));
    final Rejected rejected = rejected(tx(ALICE, 2), Reason.SENDER_LIMIT);
    assertEquals("pooled 3 txs", rejected.detail());
    accepted(dynamic(5, gwei(110), gwei(2)).sign(ALICE)); // a replacement takes no new slot
    accepted(tx(BOB, 0));
  }

  @Test
  void limitsAreChecked() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Limits(0, 10, BYTES, 30_000_000, UInt256.ONE, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new Limits(1, 0, BYTES, 30_000_000, UInt256.ONE, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new Limits(1, 1, BYTES, 20_000, UInt256.ONE, 10));
    assertThrows(
        IllegalArgumentException.class, () -> new Limits(1, 1, BYTES, 30_000_000, UInt256.ONE, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Limits(1, 1, TxPool.MAX_TX_SIZE - 1, 30_000_000, UInt256.ONE, 10));
    assertEquals(10, Limits.DEFAULT.priceBumpPercent());
    assertEquals(gwei(1), Limits.DEFAULT.minGasPrice(), "--txpool.pricelimit's default");
  }

  @Test
  void dropsIncludedTransactions() {
    for (int nonce = 0; nonce < 4; nonce++) {
      accepted(tx(ALICE, nonce));
    }
    accepted(tx(BOB, 0));
    state.nonce(ALICE, 2);
    pool.newHead(state, BASE_FEE);

    assertEquals(List.of(2L, 3L), pendingNonces(ALICE));
    assertFalse(pool.contains(tx(ALICE, 0).hash()));
    assertFalse(pool.contains(tx(ALICE, 1).hash()));
    assertEquals(List.of(0L), pendingNonces(BOB));
    assertEquals(3, pool.pendingCount());

    state.nonce(ALICE, 4).nonce(BOB, 1);
    pool.newHead(state, BASE_FEE);
    assertEquals(0, pool.size());
    assertEquals(0, pool.pendingCount());
    assertEquals(Map.of(), pool.pending());
  }

  @Test
  void promotesQueuedTransactionsWhoseGapTheChainFilled() {
    accepted(tx(ALICE, 0));
    accepted(tx(ALICE, 2));
    accepted(tx(ALICE, 3));
    // Nonces 0 and 1 were included (1 reached the block through another node).
    state.nonce(ALICE, 2);
    pool.newHead(state, BASE_FEE);
    assertEquals(List.of(2L, 3L), pendingNonces(ALICE));
    assertEquals(0, pool.queuedCount());
    assertEquals(2, pool.pendingCount());
  }

  @Test
  void dropsWhatTheSenderCanNoLongerAffordAndQueuesWhatFollows() {
    final Transaction expensive = dynamic(1, gwei(100), gwei(1)).value(gwei(1_000)).sign(ALICE);
    accepted(tx(ALICE, 0));
    accepted(expensive);
    accepted(tx(ALICE, 2));
    state.balance(ALICE, UInt256.of(cost(expensive).subtract(BigInteger.ONE)));
    pool.newHead(state, BASE_FEE);

    assertFalse(pool.contains(expensive.hash()));
    assertEquals(List.of(0L), pendingNonces(ALICE));
    assertEquals(List.of(2L), queuedNonces(ALICE));
    assertEquals(1, pool.pendingCount());
    assertEquals(1, pool.queuedCount());
  }

  @Test
  void aHeadThatWentBackDemotesBehindTheNewGap() {
    state.nonce(ALICE, 3);
    accepted(tx(ALICE, 3));
    accepted(tx(ALICE, 4));
    // A reorganisation to a chain where Alice's nonce 2 is not included.
    state.nonce(ALICE, 2);
    pool.newHead(state, BASE_FEE);
    assertEquals(List.of(), pendingNonces(ALICE));
    assertEquals(List.of(3L, 4L), queuedNonces(ALICE));
    assertEquals(List.of(), pool.executable(state, BASE_FEE, 30_000_000));

    pool.reinject(List.of(tx(ALICE, 2)), state);
    assertEquals(List.of(2L, 3L, 4L), pendingNonces(ALICE));
    assertEquals(0, pool.queuedCount());
  }

  @Test
  void addNoticesAHeadThatMovedBeforeNewHead() {
    accepted(tx(ALICE, 0));
    accepted(tx(ALICE, 1));
    state.nonce(ALICE, 1);
    accepted(tx(ALICE, 2)); // no newHead call: the pool catches up for this sender
    assertEquals(List.of(1L, 2L), pendingNonces(ALICE));
    assertFalse(pool.contains(tx(ALICE, 0).hash()));
    assertEquals(2, pool.pendingCount());
  }

  @Test
  void putsBackTransactionsOfAbandonedBlocksExceptTheNowInvalidOnes() {
    accepted(tx(BOB, 0));
    final Transaction unaffordable = dynamic(0, gwei(100), gwei(1)).sign(CAROL);
    state.nonce(ALICE, 1).balance(CAROL, UInt256.ONE);

    pool.reinject(
        List.of(tx(ALICE, 0), tx(ALICE, 1), tx(ALICE, 2), tx(BOB, 0), unaffordable), state);

    assertEquals(List.of(1L, 2L), pendingNonces(ALICE));
    assertFalse(pool.contains(tx(ALICE, 0).hash()), "already in the new chain");
    assertFalse(pool.contains(unaffordable.hash()));
    assertEquals(List.of(0L), pendingNonces(BOB));
    assertEquals(3, pool.size());
  }

  @Test
  void reinjectNeverEvicts() {
    pool = pool(new Limits(10, 2, BYTES, 30_000_000, UInt256.ONE, 10));
    accepted(tx(ALICE, 0));
    accepted(dynamic(5, gwei(2), gwei(1)).sign(ALICE));
    pool.reinject(List.of(tx(BOB, 0, 50)), state);
    assertFalse(pool.contains(tx(BOB, 0, 50).hash()));
    assertEquals(2, pool.size());
  }

  @Test
  void highestEffectiveTipFirstAndNonceOrderWithinASender() {
    final Transaction a0 = tx(ALICE, 0, 1);
    final Transaction a1 = tx(ALICE, 1, 5);
    final Transaction b0 = tx(BOB, 0, 3);
    final Transaction c0 = tx(CAROL, 0, 2);
    for (final Transaction tx : List.of(a1, a0, b0, c0)) {
      accepted(tx);
    }
    assertEquals(List.of(b0, c0, a0, a1), pool.executable(state, BASE_FEE, 30_000_000));
  }

  @Test
  void theFeeCapLimitsTheTip() {
    // 4 gwei legacy at a 1 gwei base fee tips 3; a 3 gwei cap with a 3 gwei tip tips only 2.
    final Transaction legacy = legacy(ALICE, 0, 4_000_000_000L);
    final Transaction capped = dynamic(0, gwei(3), gwei(3)).sign(BOB);
    final Transaction plain = dynamic(0, gwei(100), UInt256.of(2_500_000_000L)).sign(CAROL);
    accepted(capped);
    accepted(plain);
    accepted(legacy);
    assertEquals(List.of(legacy, plain, capped), pool.executable(state, BASE_FEE, 30_000_000));
  }

  @Test
  void equalTipsGoInArrivalOrder() {
    final Transaction c0 = tx(CAROL, 0, 2);
    final Transaction b0 = tx(BOB, 0, 2);
    accepted(c0);
    accepted(b0);
    assertEquals(List.of(c0, b0), pool.executable(state, BASE_FEE, 30_000_000));
  }

  @Test
  void aFeeCapBelowTheBaseFeeEndsTheSendersRun() {
    final Transaction a0 = tx(ALICE, 0, 1);
    final Transaction a1 = priced(ALICE, 1, 500_000_000, 1);
    final Transaction a2 = tx(ALICE, 2, 9);
    final Transaction b0 = priced(BOB, 0, 500_000_000, 1);
    final Transaction b1 = tx(BOB, 1, 9);
    for (final Transaction tx : List.of(a0, a1, a2, b0, b1)) {
      accepted(tx);
    }
    assertEquals(List.of(a0), pool.executable(state, BASE_FEE, 30_000_000));
    // At half a gwei every cap suffices; a1 and b0 then tip nothing, and a1 arrived first.
    assertEquals(
        List.of(a0, a1, a2, b0, b1), pool.executable(state, UInt256.of(500_000_000), 30_000_000));
  }

  @Test
  void packsByGasAndSkipsASenderWhoseNextTransactionNoLongerFits() {
    final Transaction a0 = withGas(ALICE, 0, 5, 60_000);
    final Transaction b0 = withGas(BOB, 0, 4, 50_000);
    final Transaction b1 = withGas(BOB, 1, 4, 21_000);
    final Transaction c0 = withGas(CAROL, 0, 1, 21_000);
    final Transaction d0 = withGas(DAVE, 0, 1, 21_000);
    for (final Transaction tx : List.of(a0, b0, b1, c0, d0)) {
      accepted(tx);
    }
    // 100k gas: Alice's 60k, Bob's 50k no longer fits (and his nonce 1 needs it), Carol's 21k,
    // then 19k left is less than any transfer.
    assertEquals(List.of(a0, c0), pool.executable(state, BASE_FEE, 100_000));
    assertEquals(List.of(a0, b0, b1, c0, d0), pool.executable(state, BASE_FEE, 173_000));
    assertEquals(List.of(), pool.executable(state, BASE_FEE, 20_999));
  }

  @Test
  void startsAtTheNonceOfTheGivenHead() {
    accepted(tx(ALICE, 0));
    accepted(tx(ALICE, 1));
    final State next = new State().nonce(ALICE, 1);
    assertEquals(List.of(tx(ALICE, 1)), pool.executable(next, BASE_FEE, 30_000_000));
    assertEquals(2, pool.size(), "reading is not changing");
  }
}
