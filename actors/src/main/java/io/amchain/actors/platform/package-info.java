/**
 * The platform's MINER set drives Clique: a node configured with the MemberRegistry (its address,
 * or the deployment manifest {@code platform.json} naming it) casts the EIP-225 votes that make the
 * signer set follow {@code IMemberRegistry.minerSigners()}, with no operator step.
 *
 * <h2>Votes derived at each head</h2>
 *
 * At every new head {@link io.amchain.actors.platform.MinerSetFollower} runs {@code minerSigners()}
 * with the EVM on that head's state (on the blocking dispatcher, as {@code eth_call} would) and
 * compares the list with the Clique snapshot at the same head. {@link
 * io.amchain.actors.platform.MinerSetVotes} gives the proposals to hold: add every listed address
 * that is not a signer, drop every signer that is not listed, keep the held proposals that agree,
 * drop those that contradict. The follower writes them into the node's {@link
 * io.amchain.actors.proposals.OwnProposals} with their own {@code Propose}/{@code Discard}
 * messages, so the signer casts them as it casts {@code clique_propose}'s: one per sealed block,
 * only while it makes sense ({@code Snapshot.validVote}).
 *
 * <p>Deriving the votes from the head, rather than reacting to the {@code MinerSigner*} events,
 * makes them a function of the chain alone: a node that starts late, restarts, misses a head, or
 * sees a reorganisation reaches the same proposals from the head it has, and the contract state and
 * the snapshot it compares are always those of one block. One EVM call per head costs far less than
 * the block's import.
 *
 * <h2>Safety</h2>
 *
 * <ul>
 *   <li>A registry that gives no usable list (no code at the address, a revert, an answer that is
 *       no {@code address[]}, an empty list) makes the follower propose and withdraw nothing, and
 *       it logs the problem once: a misconfiguration must never vote every signer out and stop the
 *       chain for good. Proposals stay as the last good answer left them.
 *   <li>A node that is not a signer at the head proposes nothing: it seals no block to cast in.
 *   <li>The zero address is never proposed: it has no key.
 * </ul>
 *
 * <h2>Manual votes</h2>
 *
 * With no registry configured, {@code clique_propose}/{@code clique_discard} work as in geth. While
 * the registry answers, a manual vote that contradicts it (adding an address it does not list,
 * dropping one it lists, or discarding a vote it wants) is refused with error -32000 naming the
 * registry; one that agrees is accepted. Anything else would be undone at the next head, or worse,
 * would split the votes of the signers.
 */
package io.amchain.actors.platform;
