package io.amchain.consensus.clique;

import io.amchain.ledger.types.Address;

/** A signer's vote, cast in block {@code block}, to add ({@code authorize}) or drop an address. */
public record Vote(Address signer, long block, Address address, boolean authorize) {}
