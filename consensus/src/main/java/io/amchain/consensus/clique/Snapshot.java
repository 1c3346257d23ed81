package io.amchain.consensus.clique;

import io.amchain.ledger.block.BlockHeader;
import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole Clique state at one block: who may sign, who signed recently, and the votes in flight.
 * Immutable: {@link #apply} returns a new snapshot, so snapshots can be cached by block hash and
 * shared between forks.
 */
public final class Snapshot {
  private final long epoch;
  private final long number;
  private final Hash hash;
  private final SortedSet<Address> signers;
  private final NavigableMap<Long, Address> recents;
  private final List<Vote> votes;
  private final Map<Address, Tally> tally;

  private Snapshot(
      final long epoch,
      final long number,
      final Hash hash,
      final SortedSet<Address> signers,
      final NavigableMap<Long, Address> recents,
      final List<Vote> votes,
      final Map<Address, Tally> tally) {
    this.epoch = epoch;
    this.number = number;
    this.hash = hash;
    this.signers = Collections.unmodifiableSortedSet(signers);
    this.recents = Collections.unmodifiableNavigableMap(recents);
    this.votes = Collections.unmodifiableList(votes);
    this.tally = Collections.unmodifiableMap(tally);
  }

  /** The snapshot a trusted checkpoint (the genesis) starts: its signers, nothing else. */
  public static Snapshot fromCheckpoint(final long epoch, final BlockHeader checkpoint) {
    final List<Address> listed = Clique.checkpointSigners(checkpoint);
    if (listed.isEmpty()) {
      throw new CliqueException(CliqueError.NO_SIGNERS, "checkpoint " + checkpoint.number());
    }
    return new Snapshot(
        epoch,
        checkpoint.number(),
        checkpoint.hash(),
        new TreeSet<>(listed),
        new TreeMap<>(),
        new ArrayList<>(),
        new HashMap<>());
  }

  public long epoch() {
    return epoch;
  }

  public long number() {
    return number;
  }

  public Hash hash() {
    return hash;
  }

  /** Signers in ascending unsigned byte order: the order turns are taken in. */
  public List<Address> signers() {
    return List.copyOf(signers);
  }

  public boolean isSigner(final Address address) {
    return signers.contains(address);
  }

  /** Block number to the signer of that block, for the last {@link #signerLimit()} blocks. */
  public NavigableMap<Long, Address> recents() {
    return recents;
  }

  public List<Vote> votes() {
    return votes;
  }

  public Map<Address, Tally> tally() {
    return tally;
  }

  /** floor(N/2)+1: a signer may seal one block in any window this long. */
  public int signerLimit() {
    return signers.size() / 2 + 1;
  }

  /** The signer's position in the sorted set, or -1. */
  public int indexOf(final Address signer) {
    int index = 0;
    for (final Address candidate : signers) {
      if (candidate.equals(signer)) {
        return index;
      }
      index++;
    }
    return -1;
  }

  /** Whether it is {@code signer}'s turn to seal block {@code blockNumber} on top of this state. */
  public boolean inTurn(final long blockNumber, final Address signer) {
    if (signers.isEmpty()) {
      throw new CliqueException(CliqueError.NO_SIGNERS);
    }
    return blockNumber % signers.size() == indexOf(signer);
  }

  /**
   * Whether {@code signer} sealed one of the blocks in the window that block {@code blockNumber}
   * closes: some recent block {@code seen > blockNumber - limit} (signed arithmetic, so the rule
   * also holds next to the genesis).
   */
  public boolean signedRecently(final Address signer, final long blockNumber) {
    for (final Map.Entry<Long, Address> recent : recents.entrySet()) {
      if (recent.getValue().equals(signer) && recent.getKey() > blockNumber - signerLimit()) {
        return true;
      }
    }
    return false;
  }

  /** Whether a vote would change something: adding a non-signer or dropping a signer. */
  public boolean validVote(final Address address, final boolean authorize) {
    return signers.contains(address) != authorize;
  }

  /**
   * Applies consecutive headers on top of this snapshot (EIP-225; the digest's §6–§8).
   *
   * @throws CliqueException if the headers do not follow this snapshot or one breaks a rule
   */
  public Snapshot apply(final List<BlockHeader> headers) {
    if (headers.isEmpty()) {
      return this;
    }
    for (int i = 1; i < headers.size(); i++) {
      if (headers.get(i).number() != headers.get(i - 1).number() + 1) {
        throw new CliqueException(CliqueError.INVALID_VOTING_CHAIN);
      }
    }
    if (headers.get(0).number() != number + 1) {
      throw new CliqueException(CliqueError.INVALID_VOTING_CHAIN);
    }
    final TreeSet<Address> nextSigners = new TreeSet<>(signers);
    final TreeMap<Long, Address> nextRecents = new TreeMap<>(recents);
    final List<Vote> nextVotes = new ArrayList<>(votes);
    final Map<Address, Tally> nextTally = new HashMap<>(tally);

    for (final BlockHeader header : headers) {
      final long n = header.number();
      // Votes do not outlive an epoch; recents do (the Rinkeby split of 2018).
      if (Clique.isCheckpoint(n, epoch)) {
        nextVotes.clear();
        nextTally.clear();
      }
      // The oldest block leaves the recents window.
      final long limit = nextSigners.size() / 2 + 1L;
      if (n >= limit) {
        nextRecents.remove(n - limit);
      }
      final Address signer = Clique.signer(header);
      if (!nextSigners.contains(signer)) {
        throw new CliqueException(CliqueError.UNAUTHORIZED_SIGNER, signer.toHex());
      }
      if (nextRecents.containsValue(signer)) {
        throw new CliqueException(CliqueError.RECENTLY_SIGNED, signer.toHex());
      }
      nextRecents.put(n, signer);

      // A signer's new vote on an address replaces its earlier one.
      final Address target = header.coinbase();
      for (int i = 0; i < nextVotes.size(); i++) {
        final Vote vote = nextVotes.get(i);
        if (vote.signer().equals(signer) && vote.address().equals(target)) {
          uncast(nextTally, vote.address(), vote.authorize());
          nextVotes.remove(i);
          break;
        }
      }
      final boolean authorize;
      if (header.nonce().equals(Clique.NONCE_AUTH)) {
        authorize = true;
      } else if (header.nonce().equals(Clique.NONCE_DROP)) {
        authorize = false;
      } else {
        throw new CliqueException(CliqueError.INVALID_VOTE);
      }
      if (nextSigners.contains(target) != authorize) {
        final Tally old = nextTally.get(target);
        nextTally.put(target, new Tally(authorize, old == null ? 1 : old.votes() + 1));
        nextVotes.add(new Vote(signer, n, target, authorize));
      }

      // A strict majority of the current set decides, for the touched address only.
      final Tally decided = nextTally.get(target);
      if (decided != null && decided.votes() > nextSigners.size() / 2) {
        if (decided.authorize()) {
          nextSigners.add(target);
        } else {
          // The set may become empty (EIP-225 allows a lone signer to leave); the chain is then
          // over, and inTurn() refuses to divide by zero.
          nextSigners.remove(target);
          // The window shrinks by one, letting the oldest recent signer sign again.
          final long shrunk = nextSigners.size() / 2 + 1L;
          if (n >= shrunk) {
            nextRecents.remove(n - shrunk);
          }
          // A dropped signer's own votes no longer count.
          for (int i = 0; i < nextVotes.size(); i++) {
            final Vote vote = nextVotes.get(i);
            if (vote.signer().equals(target)) {
              uncast(nextTally, vote.address(), vote.authorize());
              nextVotes.remove(i);
              i--;
            }
          }
        }
        // Votes about the address never survive a change of its status.
        nextVotes.removeIf(vote -> vote.address().equals(target));
        nextTally.remove(target);
      }
    }
    final BlockHeader last = headers.get(headers.size() - 1);
    return new Snapshot(
        epoch, last.number(), last.hash(), nextSigners, nextRecents, nextVotes, nextTally);
  }

  /**
   * The JSON geth's {@code clique_getSnapshot} returns: {@code {number, hash, signers: {addr: {}},
   * recents: {"n": addr}, votes: [{signer, block, address, authorize}], tally: {addr: {authorize,
   * votes}}}}, addresses in lower-case hex.
   */
  public String toJson() {
    final StringBuilder json = new StringBuilder(256);
    json.append("{\"number\":").append(number);
    json.append(",\"hash\":\"").append(hash.toHex()).append('"');
    json.append(",\"signers\":{");
    String separator = "";
    for (final Address signer : signers) {
      json.append(separator).append('"').append(signer.toHex()).append("\":{}");
      separator = ",";
    }
    json.append("},\"recents\":{");
    separator = "";
    for (final Map.Entry<Long, Address> recent : recents.entrySet()) {
      json.append(separator).append('"').append(recent.getKey()).append("\":\"");
      json.append(recent.getValue().toHex()).append('"');
      separator = ",";
    }
    json.append("},\"votes\":[");
    separator = "";
    for (final Vote vote : votes) {
      json.append(separator)
          .append("{\"signer\":\"")
          .append(vote.signer().toHex())
          .append("\",\"block\":")
          .append(vote.block())
          .append(",\"address\":\"")
          .append(vote.address().toHex())
          .append("\",\"authorize\":")
          .append(vote.authorize())
          .append('}');
      separator = ",";
    }
    json.append("],\"tally\":{");
    separator = "";
    for (final Map.Entry<Address, Tally> entry : new TreeMap<>(tally).entrySet()) {
      json.append(separator)
          .append('"')
          .append(entry.getKey().toHex())
          .append("\":{\"authorize\":")
          .append(entry.getValue().authorize())
          .append(",\"votes\":")
          .append(entry.getValue().votes())
          .append('}');
      separator = ",";
    }
    return json.append("}}").toString();
  }

  private static void uncast(
      final Map<Address, Tally> tally, final Address address, final boolean authorize) {
    final Tally current = tally.get(address);
    if (current == null || current.authorize() != authorize) {
      return;
    }
    if (current.votes() > 1) {
      tally.put(address, new Tally(authorize, current.votes() - 1));
    } else {
      tally.remove(address);
    }
  }
}
