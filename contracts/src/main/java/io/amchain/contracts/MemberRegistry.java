package io.amchain.contracts;

import io.amchain.ledger.types.Address;
import io.amchain.ledger.types.Bytes;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Typed client of {@code IMemberRegistry}: roles, admission votes and the MINER signer set. Enum
 * constants are spelled as in the Solidity interface, so that they read the same everywhere.
 */
public final class MemberRegistry extends ContractClient {

  /** {@code IMemberRegistry.Role}. */
  public enum Role {
    None,
    CUSTOMER,
    PROVIDER,
    MINER,
    ARBITER
  }

  /** {@code IMemberRegistry.MemberStatus}. */
  public enum MemberStatus {
    None,
    Active,
    Suspended
  }

  /** {@code IMemberRegistry.ProposalKind}. */
  public enum ProposalKind {
    Admit,
    Remove,
    Suspend,
    Reinstate,
    Call
  }

  /** {@code IMemberRegistry.ProposalStatus}. */
  public enum ProposalStatus {
    None,
    Pending,
    Executed,
    Expired
  }

  /** A founder of the constructor; {@code signer} is the sealing address of a MINER, else zero. */
  public record Founder(Address account, Role role, Address signer) {}

  /** {@code IMemberRegistry.Proposal}. */
  public record Proposal(
      ProposalKind kind,
      ProposalStatus status,
      Role role,
      Address account,
      Address signer,
      Address proposer,
      Bytes profileHash,
      long createdAt,
      long deadline,
      Bytes data) {}

  /** Yes and no votes of current voting members, and how many voting members there are. */
  public record Tally(BigInteger yes, BigInteger no, BigInteger voters) {}

  /** A voter's ballot on a proposal: {@code support} means something only when {@code voted}. */
  public record Vote(boolean voted, boolean support) {}

  /** {@code MemberAdmitted(account, role, proposalId, profileHash)}. */
  public record MemberAdmitted(
      Address account, Role role, BigInteger proposalId, Bytes profileHash) {}

  /** {@code MinerSignerAdded} or {@code MinerSignerRemoved}. */
  public record MinerSignerChange(Address member, Address signer) {}

  static final Event MEMBER_ADMITTED =
      new Event(
          "MemberAdmitted",
          List.of(
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              new TypeReference<Uint8>(true) {},
              new TypeReference<Uint256>(true) {},
              Abi.BYTES32));
  static final Event MINER_SIGNER_ADDED =
      new Event(
          "MinerSignerAdded",
          List.of(
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {}));
  static final Event MINER_SIGNER_REMOVED =
      new Event(
          "MinerSignerRemoved",
          List.of(
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {}));
  static final Event PROPOSAL_CREATED =
      new Event(
          "ProposalCreated",
          List.of(
              new TypeReference<Uint256>(true) {},
              Abi.UINT8,
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              Abi.UINT8,
              new TypeReference<org.web3j.abi.datatypes.Address>(true) {},
              Abi.UINT64));

  public MemberRegistry(
      final Chain chain, final Address address, final @Nullable TransactionSender sender) {
    super(chain, address, sender);
  }

  /** The constructor's {@code Founder[]} argument. */
  static DynamicArray<StaticStruct> foundersArgument(final List<Founder> founders) {
    final List<StaticStruct> structs = new ArrayList<>();
    for (final Founder founder : founders) {
      structs.add(
          new StaticStruct(
              Abi.address(founder.account()),
              Abi.uint8(founder.role()),
              Abi.address(founder.signer())));
    }
    return new DynamicArray<>(StaticStruct.class, structs);
  }

  // ---- membership (transactions from the client's sender) ----

  public TransactionReceipt registerCustomer(final Bytes profileHash) {
    return transact(Abi.function("registerCustomer", Abi.bytes32(profileHash)));
  }

  /** Applies for a voted role; returns the Admit proposal's id. */
  public BigInteger applyFor(final Role role, final Bytes profileHash, final Address signer) {
    final TransactionReceipt receipt =
        transact(
            Abi.function(
                "applyFor", Abi.uint8(role), Abi.bytes32(profileHash), Abi.address(signer)));
    return Abi.uint(onlyEventValue(receipt, PROPOSAL_CREATED));
  }

  /** Proposes Remove, Suspend or Reinstate; returns the proposal's id. */
  public BigInteger propose(final ProposalKind kind, final Address account, final Role role) {
    final TransactionReceipt receipt =
        transact(Abi.function("propose", Abi.uint8(kind), Abi.address(account), Abi.uint8(role)));
    return Abi.uint(onlyEventValue(receipt, PROPOSAL_CREATED));
  }

  /** Proposes that the registry calls {@code target} with {@code data}; returns the id. */
  public BigInteger proposeCall(final Address target, final Bytes data) {
    final TransactionReceipt receipt =
        transact(
            Abi.function("proposeCall", Abi.address(target), new DynamicBytes(data.toArray())));
    return Abi.uint(onlyEventValue(receipt, PROPOSAL_CREATED));
  }

  public TransactionReceipt vote(final BigInteger proposalId, final boolean support) {
    return transact(Abi.function("vote", Abi.uint256(proposalId), new Bool(support)));
  }

  public TransactionReceipt execute(final BigInteger proposalId) {
    return transact(Abi.function("execute", Abi.uint256(proposalId)));
  }

  public TransactionReceipt expire(final BigInteger proposalId) {
    return transact(Abi.function("expire", Abi.uint256(proposalId)));
  }

  // ---- views ----

  public boolean isMember(final Address account, final Role role) {
    return Abi.bool(
        callSingle(
            Abi.function("isMember", List.of(Abi.BOOL), Abi.address(account), Abi.uint8(role))));
  }

  public boolean isRegistered(final Address account) {
    return Abi.bool(
        callSingle(Abi.function("isRegistered", List.of(Abi.BOOL), Abi.address(account))));
  }

  public boolean isVotingMember(final Address account) {
    return Abi.bool(
        callSingle(Abi.function("isVotingMember", List.of(Abi.BOOL), Abi.address(account))));
  }

  public MemberStatus memberStatus(final Address account, final Role role) {
    return Abi.enumValue(
        MemberStatus.class,
        callSingle(
            Abi.function(
                "memberStatus", List.of(Abi.UINT8), Abi.address(account), Abi.uint8(role))));
  }

  public List<Address> votingMembers() {
    return Abi.addresses(callSingle(Abi.function("votingMembers", List.of(Abi.ADDRESS_ARRAY))));
  }

  public List<Address> membersWithRole(final Role role) {
    return Abi.addresses(
        callSingle(Abi.function("membersWithRole", List.of(Abi.ADDRESS_ARRAY), Abi.uint8(role))));
  }

  public List<Address> minerSigners() {
    return Abi.addresses(callSingle(Abi.function("minerSigners", List.of(Abi.ADDRESS_ARRAY))));
  }

  public Address signerOf(final Address account) {
    return Abi.address(
        callSingle(Abi.function("signerOf", List.of(Abi.ADDRESS), Abi.address(account))));
  }

  public Proposal proposal(final BigInteger proposalId) {
    final ProposalTuple tuple =
        (ProposalTuple)
            callSingle(
                Abi.function(
                    "proposal",
                    List.of(new TypeReference<ProposalTuple>() {}),
                    Abi.uint256(proposalId)));
    final List<Type<?>> v = Abi.list(tuple.getValue());
    return new Proposal(
        Abi.enumValue(ProposalKind.class, v.get(0)),
        Abi.enumValue(ProposalStatus.class, v.get(1)),
        Abi.enumValue(Role.class, v.get(2)),
        Abi.address(v.get(3)),
        Abi.address(v.get(4)),
        Abi.address(v.get(5)),
        Abi.bytes(v.get(6)),
        Abi.uint64(v.get(7)),
        Abi.uint64(v.get(8)),
        Abi.bytes(v.get(9)));
  }

  public BigInteger proposalCount() {
    return Abi.uint(callSingle(Abi.function("proposalCount", List.of(Abi.UINT256))));
  }

  public Tally tally(final BigInteger proposalId) {
    final List<Type<?>> v =
        call(
            Abi.function(
                "tally", List.of(Abi.UINT256, Abi.UINT256, Abi.UINT256), Abi.uint256(proposalId)));
    return new Tally(Abi.uint(v.get(0)), Abi.uint(v.get(1)), Abi.uint(v.get(2)));
  }

  /** Whether {@code voter} voted on the proposal, and how (meaningful only if it voted). */
  public Vote hasVoted(final BigInteger proposalId, final Address voter) {
    final List<Type<?>> v =
        call(
            Abi.function(
                "hasVoted",
                List.of(Abi.BOOL, Abi.BOOL),
                Abi.uint256(proposalId),
                Abi.address(voter)));
    return new Vote(Abi.bool(v.get(0)), Abi.bool(v.get(1)));
  }

  public long proposalPeriod() {
    return Abi.uint64(callSingle(Abi.function("proposalPeriod", List.of(Abi.UINT64))));
  }

  // ---- events ----

  public List<MemberAdmitted> memberAdmitted(final TransactionReceipt receipt) {
    return events(receipt, MEMBER_ADMITTED).stream()
        .map(
            v ->
                new MemberAdmitted(
                    Abi.address(v.get(0)),
                    Abi.enumValue(Role.class, v.get(1)),
                    Abi.uint(v.get(2)),
                    Abi.bytes(v.get(3))))
        .toList();
  }

  public List<MinerSignerChange> minerSignersAdded(final TransactionReceipt receipt) {
    return signerChanges(receipt, MINER_SIGNER_ADDED);
  }

  public List<MinerSignerChange> minerSignersRemoved(final TransactionReceipt receipt) {
    return signerChanges(receipt, MINER_SIGNER_REMOVED);
  }

  private List<MinerSignerChange> signerChanges(
      final TransactionReceipt receipt, final Event event) {
    return events(receipt, event).stream()
        .map(v -> new MinerSignerChange(Abi.address(v.get(0)), Abi.address(v.get(1))))
        .toList();
  }

  /** The ABI shape of {@code Proposal} that web3j decodes into (its constructor is the layout). */
  public static final class ProposalTuple extends DynamicStruct {
    public ProposalTuple(
        final Uint8 kind,
        final Uint8 status,
        final Uint8 role,
        final org.web3j.abi.datatypes.Address account,
        final org.web3j.abi.datatypes.Address signer,
        final org.web3j.abi.datatypes.Address proposer,
        final Bytes32 profileHash,
        final Uint64 createdAt,
        final Uint64 deadline,
        final DynamicBytes data) {
      super(kind, status, role, account, signer, proposer, profileHash, createdAt, deadline, data);
    }
  }
}
