package io.amchain.api;

/**
 * A {@code clique_propose} or {@code clique_discard} that contradicts the MemberRegistry this
 * node's Clique votes follow. The message names the registry and what to do instead; the API
 * returns it as error -32000.
 */
public final class ProposalRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProposalRefusedException(final String message) {
    super(message);
  }
}
