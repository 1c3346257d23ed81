// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";

/// @title AMChain member registry (implementation of IMemberRegistry).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * A MINER's signer stays reserved while the MINER role is held, active or suspended, so a
///    reinstated MINER gets its own sealing address back; it is released on removal.
///    `applyFor` refuses a signer that is reserved (SignerInUse), and so does the execution of an
///    Admit if another MINER took the signer meanwhile (the executing transaction reverts).
///  * Execution re-checks the member's status: Admit needs the role not held (AlreadyMember),
///    Suspend needs it Active, Reinstate Suspended, Remove held (Active or Suspended), else
///    WrongMemberStatus; a proposal overtaken by another one therefore cannot pass.
///  * The last active MINER cannot be suspended or removed (LastMiner): Clique cannot run without
///    a signer. Checked when proposing and again when executing.
///  * Events of an execution, in order: ProposalExecuted, then the change's events
///    (MemberAdmitted/Removed/Suspended/Reinstated, then MinerSignerAdded/Removed); a Call's own
///    events come from its target after ProposalExecuted.
///  * `vote` checks, in order: NotVotingMember, UnknownProposal, ProposalNotPending (executed),
///    ProposalIsExpired (past the deadline, whether or not `expire` was called), AlreadyVoted.
///  * `proposal(id)` of an unknown id returns an empty record (status None); `tally` of it (0, 0, voters).
///  * Constructor: at least one founder must be a voting member (NoVotingFounder) and
///    proposalPeriod > 0 (ZeroProposalPeriod); founders follow applyFor's rules (InvalidRole for
///    None, AlreadyMember for a duplicate, SignerRequired, SignerInUse); CUSTOMER founders are allowed.
///  * Counting is O(1) while no voter has left the voter set since the proposal was created; after
///    a departure the proposal's votes are recounted against the current members (the stale rule),
///    about 4k gas per recorded vote.
contract MemberRegistry is IMemberRegistry {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// The last active MINER would be suspended or removed.
    error LastMiner(address account);
    /// No founder holds PROVIDER or MINER: nobody could ever vote.
    error NoVotingFounder();
    error ZeroProposalPeriod();

    struct StoredProposal {
        ProposalKind kind;
        ProposalStatus status; // Pending or Executed or Expired (stored); views derive Expired
        Role role;
        address account;
        uint64 createdAt;
        address signer;
        uint64 deadline;
        address proposer;
        uint32 yes; // raw counts of votes cast (stale ones included)
        uint32 no;
        uint32 departuresAtCreation;
        bytes32 profileHash;
        bytes data;
    }

    uint8 private constant NO_VOTE = 0;
    uint8 private constant YES = 1;
    uint8 private constant NO = 2;

    uint64 private immutable _proposalPeriod;

    mapping(address account => mapping(Role role => MemberStatus)) private _status;
    mapping(address account => uint256) private _activeRoles;
    mapping(address account => address) private _signerOf;
    mapping(address signer => address) private _signerHolder;
    mapping(Role role => EnumerableSet.AddressSet) private _activeHolders;
    EnumerableSet.AddressSet private _voters;
    EnumerableSet.AddressSet private _minerSigners;
    /// Incremented whenever an account leaves the voter set: votes cast before may have gone stale.
    uint32 private _departures;

    StoredProposal[] private _proposals; // id = index + 1
    mapping(uint256 proposalId => address[]) private _votersOf;
    mapping(uint256 proposalId => mapping(address voter => uint8)) private _ballot;
    mapping(address account => mapping(Role role => uint256 proposalId)) private _pendingAdmit;

    constructor(Founder[] memory founders, uint64 proposalPeriod_) {
        if (proposalPeriod_ == 0) revert ZeroProposalPeriod();
        _proposalPeriod = proposalPeriod_;
        for (uint256 i = 0; i < founders.length; i++) {
            Founder memory f = founders[i];
            if (f.role == Role.None) revert InvalidRole(f.role);
            if (_status[f.account][f.role] != MemberStatus.None) revert AlreadyMember(f.account, f.role);
            address signer = f.role == Role.MINER ? f.signer : address(0);
            if (f.role == Role.MINER) _requireFreeSigner(signer);
            _admit(f.account, f.role, signer, 0, bytes32(0));
        }
        if (_voters.length() == 0) revert NoVotingFounder();
    }

    // ---- membership ----

    function registerCustomer(bytes32 profileHash) external {
        if (_status[msg.sender][Role.CUSTOMER] != MemberStatus.None) revert AlreadyMember(msg.sender, Role.CUSTOMER);
        _admit(msg.sender, Role.CUSTOMER, address(0), 0, profileHash);
    }

    function applyFor(Role role, bytes32 profileHash, address signer) external returns (uint256 proposalId) {
        if (role != Role.PROVIDER && role != Role.MINER && role != Role.ARBITER) revert InvalidRole(role);
        if (_status[msg.sender][role] != MemberStatus.None) revert AlreadyMember(msg.sender, role);
        uint256 pending = _pendingAdmit[msg.sender][role];
        if (pending != 0 && _isOpen(_proposals[pending - 1])) revert ApplicationPending(msg.sender, role);
        if (role == Role.MINER) _requireFreeSigner(signer);
        else signer = address(0);
        proposalId = _create(ProposalKind.Admit, role, msg.sender, signer, profileHash, "");
        _pendingAdmit[msg.sender][role] = proposalId;
    }

    function propose(ProposalKind kind, address account, Role role) external returns (uint256 proposalId) {
        if (!_voters.contains(msg.sender)) revert NotVotingMember(msg.sender);
        if (kind == ProposalKind.Admit || kind == ProposalKind.Call) revert InvalidKind(kind);
        if (role == Role.None) revert InvalidRole(role);
        MemberStatus status = _status[account][role];
        MemberStatus needed = kind == ProposalKind.Reinstate ? MemberStatus.Suspended : MemberStatus.Active;
        if (status != needed) revert WrongMemberStatus(account, role, status);
        if (kind != ProposalKind.Reinstate) _requireNotLastMiner(account, role);
        proposalId = _create(kind, role, account, address(0), bytes32(0), "");
    }

    function proposeCall(address target, bytes calldata data) external returns (uint256 proposalId) {
        if (!_voters.contains(msg.sender)) revert NotVotingMember(msg.sender);
        proposalId = _create(ProposalKind.Call, Role.None, target, address(0), bytes32(0), data);
    }

    function vote(uint256 proposalId, bool support) external {
        if (!_voters.contains(msg.sender)) revert NotVotingMember(msg.sender);
        StoredProposal storage p = _openProposal(proposalId);
        if (_ballot[proposalId][msg.sender] != NO_VOTE) revert AlreadyVoted(proposalId, msg.sender);
        _ballot[proposalId][msg.sender] = support ? YES : NO;
        _votersOf[proposalId].push(msg.sender);
        if (support) p.yes += 1;
        else p.no += 1;
        emit Voted(proposalId, msg.sender, support);
        if (support && _passes(proposalId, p)) _execute(proposalId, p);
    }

    function execute(uint256 proposalId) external {
        StoredProposal storage p = _openProposal(proposalId);
        if (!_passes(proposalId, p)) revert NotPassed(proposalId);
        _execute(proposalId, p);
    }

    function expire(uint256 proposalId) external {
        StoredProposal storage p = _known(proposalId);
        if (p.status != ProposalStatus.Pending) revert ProposalNotPending(proposalId);
        if (block.timestamp < p.deadline) revert ProposalNotExpired(proposalId);
        p.status = ProposalStatus.Expired;
        emit ProposalExpired(proposalId);
    }

    // ---- views ----

    function isMember(address account, Role role) external view returns (bool) {
        return _status[account][role] == MemberStatus.Active;
    }

    function isRegistered(address account) external view returns (bool) {
        return _activeRoles[account] > 0;
    }

    function isVotingMember(address account) external view returns (bool) {
        return _voters.contains(account);
    }

    function memberStatus(address account, Role role) external view returns (MemberStatus) {
        return _status[account][role];
    }

    function votingMembers() external view returns (address[] memory) {
        return _voters.values();
    }

    function membersWithRole(Role role) external view returns (address[] memory) {
        return _activeHolders[role].values();
    }

    function minerSigners() external view returns (address[] memory) {
        return _minerSigners.values();
    }

    function signerOf(address account) external view returns (address) {
        return _signerOf[account];
    }

    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        Proposal memory unknown;
        if (proposalId == 0 || proposalId > _proposals.length) return unknown;
        StoredProposal storage p = _proposals[proposalId - 1];
        return Proposal({
            kind: p.kind,
            status: p.status == ProposalStatus.Pending && block.timestamp >= p.deadline ? ProposalStatus.Expired : p.status,
            role: p.role,
            account: p.account,
            signer: p.signer,
            proposer: p.proposer,
            profileHash: p.profileHash,
            createdAt: p.createdAt,
            deadline: p.deadline,
            data: p.data
        });
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function tally(uint256 proposalId) external view returns (uint256 yes, uint256 no, uint256 voters) {
        voters = _voters.length();
        if (proposalId == 0 || proposalId > _proposals.length) return (0, 0, voters);
        (yes, no) = _count(proposalId, _proposals[proposalId - 1]);
    }

    function hasVoted(uint256 proposalId, address voter) external view returns (bool voted, bool support) {
        uint8 ballot = _ballot[proposalId][voter];
        return (ballot != NO_VOTE, ballot == YES);
    }

    function proposalPeriod() external view returns (uint64) {
        return _proposalPeriod;
    }

    // ---- internals ----

    function _create(ProposalKind kind, Role role, address account, address signer, bytes32 profileHash, bytes memory data)
        private
        returns (uint256 proposalId)
    {
        uint64 deadline = uint64(block.timestamp) + _proposalPeriod;
        StoredProposal storage p = _proposals.push();
        p.kind = kind;
        p.status = ProposalStatus.Pending;
        p.role = role;
        p.account = account;
        p.createdAt = uint64(block.timestamp);
        p.signer = signer;
        p.deadline = deadline;
        p.proposer = msg.sender;
        p.departuresAtCreation = _departures;
        if (profileHash != bytes32(0)) p.profileHash = profileHash;
        if (data.length > 0) p.data = data;
        proposalId = _proposals.length;
        emit ProposalCreated(proposalId, kind, account, role, msg.sender, deadline);
    }

    function _known(uint256 proposalId) private view returns (StoredProposal storage) {
        if (proposalId == 0 || proposalId > _proposals.length) revert UnknownProposal(proposalId);
        return _proposals[proposalId - 1];
    }

    /// The proposal, which must be pending and before its deadline.
    function _openProposal(uint256 proposalId) private view returns (StoredProposal storage p) {
        p = _known(proposalId);
        if (p.status == ProposalStatus.Executed) revert ProposalNotPending(proposalId);
        if (p.status == ProposalStatus.Expired || block.timestamp >= p.deadline) revert ProposalIsExpired(proposalId);
    }

    function _isOpen(StoredProposal storage p) private view returns (bool) {
        return p.status == ProposalStatus.Pending && block.timestamp < p.deadline;
    }

    function _passes(uint256 proposalId, StoredProposal storage p) private view returns (bool) {
        uint256 voters = _voters.length();
        if (2 * uint256(p.yes) <= voters) return false; // not even counting stale votes
        (uint256 yes,) = _count(proposalId, p);
        return 2 * yes > voters;
    }

    /// Votes of current voting members only. While nobody has left the voter set since the
    /// proposal was created, every recorded vote is from a current member.
    function _count(uint256 proposalId, StoredProposal storage p) private view returns (uint256 yes, uint256 no) {
        if (p.departuresAtCreation == _departures) return (p.yes, p.no);
        address[] storage cast = _votersOf[proposalId];
        for (uint256 i = 0; i < cast.length; i++) {
            if (!_voters.contains(cast[i])) continue;
            if (_ballot[proposalId][cast[i]] == YES) yes++;
            else no++;
        }
    }

    function _execute(uint256 proposalId, StoredProposal storage p) private {
        p.status = ProposalStatus.Executed;
        emit ProposalExecuted(proposalId);
        ProposalKind kind = p.kind;
        address account = p.account;
        Role role = p.role;
        MemberStatus status = _status[account][role];
        if (kind == ProposalKind.Admit) {
            if (status != MemberStatus.None) revert AlreadyMember(account, role);
            if (role == Role.MINER) _requireFreeSigner(p.signer);
            _admit(account, role, p.signer, proposalId, p.profileHash);
        } else if (kind == ProposalKind.Remove) {
            if (status == MemberStatus.None) revert WrongMemberStatus(account, role, status);
            _requireNotLastMiner(account, role);
            _remove(account, role, status, proposalId);
        } else if (kind == ProposalKind.Suspend) {
            if (status != MemberStatus.Active) revert WrongMemberStatus(account, role, status);
            _requireNotLastMiner(account, role);
            _suspend(account, role, proposalId);
        } else if (kind == ProposalKind.Reinstate) {
            if (status != MemberStatus.Suspended) revert WrongMemberStatus(account, role, status);
            _reinstate(account, role, proposalId);
        } else {
            (bool ok, bytes memory returnData) = account.call(p.data);
            if (!ok) revert CallFailed(returnData);
        }
    }

    function _admit(address account, Role role, address signer, uint256 proposalId, bytes32 profileHash) private {
        if (role == Role.MINER) {
            _signerOf[account] = signer;
            _signerHolder[signer] = account;
        }
        emit MemberAdmitted(account, role, proposalId, profileHash);
        _activate(account, role);
    }

    function _remove(address account, Role role, MemberStatus status, uint256 proposalId) private {
        _status[account][role] = MemberStatus.None;
        emit MemberRemoved(account, role, proposalId);
        if (status == MemberStatus.Active) _deactivate(account, role);
        if (role == Role.MINER) {
            delete _signerHolder[_signerOf[account]];
            delete _signerOf[account];
        }
    }

    function _suspend(address account, Role role, uint256 proposalId) private {
        _status[account][role] = MemberStatus.Suspended;
        emit MemberSuspended(account, role, proposalId);
        _deactivate(account, role);
    }

    function _reinstate(address account, Role role, uint256 proposalId) private {
        emit MemberReinstated(account, role, proposalId);
        _activate(account, role);
    }

    function _activate(address account, Role role) private {
        _status[account][role] = MemberStatus.Active;
        _activeRoles[account] += 1;
        _activeHolders[role].add(account);
        if (role == Role.PROVIDER || role == Role.MINER) _voters.add(account);
        if (role == Role.MINER) {
            address signer = _signerOf[account];
            _minerSigners.add(signer);
            emit MinerSignerAdded(account, signer);
        }
    }

    /// Takes away the active role; the caller has set the new status.
    function _deactivate(address account, Role role) private {
        _activeRoles[account] -= 1;
        _activeHolders[role].remove(account);
        if (role == Role.PROVIDER || role == Role.MINER) {
            Role other = role == Role.PROVIDER ? Role.MINER : Role.PROVIDER;
            if (_status[account][other] != MemberStatus.Active && _voters.remove(account)) _departures += 1;
        }
        if (role == Role.MINER) {
            address signer = _signerOf[account];
            _minerSigners.remove(signer);
            emit MinerSignerRemoved(account, signer);
        }
    }

    function _requireFreeSigner(address signer) private view {
        if (signer == address(0)) revert SignerRequired();
        if (_signerHolder[signer] != address(0)) revert SignerInUse(signer);
    }

    function _requireNotLastMiner(address account, Role role) private view {
        if (role == Role.MINER && _status[account][role] == MemberStatus.Active && _minerSigners.length() == 1) {
            revert LastMiner(account);
        }
    }
}
