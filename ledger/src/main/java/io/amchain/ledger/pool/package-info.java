/**
 * The transaction pool's rules ({@link io.amchain.ledger.pool.TxPool}): which transactions a node
 * keeps, which of them can run in the next block, which it evicts when full.
 *
 * <p>They live in the ledger, not beside the {@code Mempool} actor that runs them, because they
 * need only transactions, the account view of a head and a base fee: they are pure rules, tested
 * without an actor system, like the Clique rules in {@code consensus}. Reading an account goes
 * through {@link io.amchain.ledger.pool.TxPool.AccountView}, which the caller backs with whatever
 * state it has, so the pool needs neither the EVM nor a store.
 */
package io.amchain.ledger.pool;
