package io.amchain.consensus.chain;

import io.amchain.consensus.clique.CliqueError;
import io.amchain.ledger.types.Hash;
import org.jspecify.annotations.Nullable;

/**
 * A block that may not join the chain. {@link #rule()} says which rule it breaks, as a value that
 * travels to whoever reports it; for a Clique header rule {@link #cliqueError()} says which one.
 */
public final class BlockImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The rules a block can break, in the order the importer checks them. */
  public enum Rule {
    /** The data directory holds another chain's genesis. */
    GENESIS_MISMATCH,
    /** The header breaks a Clique (EIP-225) rule: see {@link #cliqueError()}. */
    CLIQUE,
    /** The body does not match the header (transactions root, uncles). */
    BODY,
    /** The parent's total difficulty is not stored. */
    UNKNOWN_ANCESTOR,
    /** Executing the block does not give what the header claims, or a transaction may not run. */
    EXECUTION
  }

  private final long number;
  private final transient Hash hash;
  private final Rule rule;
  private final @Nullable CliqueError cliqueError;
  private final String detail;

  public BlockImportException(
      final long number, final Hash hash, final Rule rule, final String detail) {
    this(number, hash, rule, null, detail);
  }

  /** A block whose header breaks a Clique rule. */
  public BlockImportException(
      final long number, final Hash hash, final CliqueError error, final String detail) {
    this(number, hash, Rule.CLIQUE, error, detail);
  }

  private BlockImportException(
      final long number,
      final Hash hash,
      final Rule rule,
      final @Nullable CliqueError cliqueError,
      final String detail) {
    super("block " + number + " (" + hash + "): " + detail);
    this.number = number;
    this.hash = hash;
    this.rule = rule;
    this.cliqueError = cliqueError;
    this.detail = detail;
  }

  public long number() {
    return number;
  }

  public Hash hash() {
    return hash;
  }

  public Rule rule() {
    return rule;
  }

  /** The Clique rule the header breaks, when {@link #rule()} is {@link Rule#CLIQUE}. */
  public @Nullable CliqueError cliqueError() {
    return cliqueError;
  }

  /** What was wrong, in words (geth's text where geth has one). */
  public String detail() {
    return detail;
  }
}
