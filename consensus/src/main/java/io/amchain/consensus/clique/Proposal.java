package io.amchain.consensus.clique;

import io.amchain.ledger.types.Address;

/**
 * One vote a signer casts in a block it seals: add ({@code authorize}) or drop {@code address}. The
 * header carries it as the coinbase and the nonce ({@link Clique#NONCE_AUTH} or {@link
 * Clique#NONCE_DROP}).
 */
public record Proposal(Address address, boolean authorize) {}
