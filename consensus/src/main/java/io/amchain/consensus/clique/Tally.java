package io.amchain.consensus.clique;

/** The running count of votes on one address, in the one direction that makes sense for it. */
public record Tally(boolean authorize, int votes) {}
