package io.amchain.consensus.clique;

/**
 * Every way a Clique header can be invalid, each with geth's message so that operators can search
 * for it.
 */
public enum CliqueError {
  UNKNOWN_BLOCK("unknown block"),
  FUTURE_BLOCK("block in the future"),
  INVALID_CHECKPOINT_BENEFICIARY("beneficiary in checkpoint block non-zero"),
  INVALID_VOTE("vote nonce not 0x00..0 or 0xff..f"),
  INVALID_CHECKPOINT_VOTE("vote nonce in checkpoint block non-zero"),
  MISSING_VANITY("extra-data 32 byte vanity prefix missing"),
  MISSING_SIGNATURE("extra-data 65 byte signature suffix missing"),
  EXTRA_SIGNERS("non-checkpoint block contains extra signer list"),
  INVALID_CHECKPOINT_SIGNERS("invalid signer list on checkpoint block"),
  MISMATCHING_CHECKPOINT_SIGNERS("mismatching signer list on checkpoint block"),
  INVALID_MIX_DIGEST("non-zero mix digest"),
  INVALID_UNCLE_HASH("non empty uncle hash"),
  UNCLES_NOT_ALLOWED("uncles not allowed"),
  INVALID_DIFFICULTY("invalid difficulty"),
  WRONG_DIFFICULTY("wrong difficulty"),
  INVALID_GAS_LIMIT("invalid gasLimit"),
  INVALID_GAS_USED("invalid gasUsed"),
  INVALID_BASE_FEE("invalid baseFee"),
  UNKNOWN_ANCESTOR("unknown ancestor"),
  INVALID_TIMESTAMP("invalid timestamp"),
  INVALID_VOTING_CHAIN("invalid voting chain"),
  UNAUTHORIZED_SIGNER("unauthorized signer"),
  RECENTLY_SIGNED("recently signed"),
  INVALID_SIGNATURE("invalid seal signature"),
  NO_SIGNERS("signer set is empty");

  private final String message;

  CliqueError(final String message) {
    this.message = message;
  }

  /** geth's text for this failure. */
  public String message() {
    return message;
  }
}
