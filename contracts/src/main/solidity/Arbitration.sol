// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IArbitration} from "./interfaces/IArbitration.sol";
import {IEscrow} from "./interfaces/IEscrow.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {IReputation} from "./interfaces/IReputation.sol";

/// The JobMarket's one view beyond its interface (see JobMarket.partiesOf).
interface IJobParties {
    function partiesOf(uint256 jobId) external view returns (address customer, address provider, IJobMarket.JobState state);
}

/// The MemberRegistry's panel draw beyond its interface (see MemberRegistry.drawArbiters).
interface IArbiterDraw {
    function drawArbiters(uint256 seed, address skipA, address skipB) external view returns (address[3] memory panel, uint256 n);
}

/// @title AMChain arbitration (implementation of IArbitration).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * `openDispute` checks, in order: NotParty, AlreadyDisputed, DisputeNotAllowed (a disputed
///    job is no longer Funded/InProduction/Shipped, so AlreadyDisputed must come first to be seen).
///  * A panellist must still be an active ARBITER when voting (else NotPanellist): removing or
///    suspending an arbiter by vote takes away its seat; the default after the deadline applies.
///  * `vote` checks, in order: UnknownDispute, NotPanellist, AlreadyVoted, BadShare,
///    DisputeClosed, VotingClosed. `submitEvidence`: UnknownDispute, NotParty, DisputeClosed;
///    evidence is accepted until the dispute is resolved, also after the voting deadline.
///  * Resolution runs Escrow.settle, JobMarket.markResolved, Reputation.recordDisputeOutcome, then
///    emits DisputeResolved (after their events).
///  * The panel rule is the interface's; the MemberRegistry evaluates it over its sorted list of
///    active ARBITERs (`drawArbiters`: binary searches for parties that are arbiters, and three
///    reads), so openDispute costs the same whatever the committee's size (at most
///    MemberRegistry.MAX_ARBITERS = 16) and whatever the job id. The
///    job's parties and state come from JobMarket.partiesOf, not from the full `job()` record.
///  * The dispute record is four slots: the opener is kept as one bit (customer or provider) and
///    read back from the job, deadline = openedAt + votingPeriod() (immutable).
contract Arbitration is IArbitration {
    uint16 private constant BPS = 10_000;
    uint16 private constant LOST_BELOW = 5_000;

    /// Three slots besides the evidence hash; the fields written later share the panel's slots.
    struct StoredDispute {
        address panel0;
        uint64 jobId; // job ids are counters
        uint16 share0;
        uint16 providerShareBps;
        address panel1;
        uint64 openedAt;
        uint16 share1;
        DisputeStatus status;
        uint8 flags; // VOTED_0 << i: panel[i] voted; BY_DEFAULT; OPENED_BY_PROVIDER
        address panel2;
        uint16 share2;
        bytes32 evidenceHash;
    }

    uint8 private constant ALL_VOTED = 7;
    uint8 private constant BY_DEFAULT = 8;
    uint8 private constant OPENED_BY_PROVIDER = 16;

    IMemberRegistry private immutable _registry;
    IJobMarket private immutable _jobMarket;
    IEscrow private immutable _escrow;
    IReputation private immutable _reputation;
    uint64 private immutable _votingPeriod;

    mapping(uint256 disputeId => StoredDispute) private _disputes;
    mapping(uint256 jobId => uint256 disputeId) private _disputeOfJob;
    uint64 private _disputeCount;
    /// Set at deployment so that the counter's slot is never empty: the first dispute then pays a
    /// warm-slot write (5k gas) instead of a fresh one (22k).
    bool private _counterSlotInUse = true;

    constructor(IMemberRegistry registry, IJobMarket jobMarket, IEscrow escrow, IReputation reputation, uint64 votingPeriod_) {
        _registry = registry;
        _jobMarket = jobMarket;
        _escrow = escrow;
        _reputation = reputation;
        _votingPeriod = votingPeriod_;
    }

    function openDispute(uint256 jobId, bytes32 evidenceHash) external returns (uint256 disputeId) {
        (address customer, address provider, IJobMarket.JobState s) = IJobParties(address(_jobMarket)).partiesOf(jobId);
        if (msg.sender != customer && msg.sender != provider) revert NotParty(jobId, msg.sender);
        if (_disputeOfJob[jobId] != 0) revert AlreadyDisputed(jobId);
        if (s != IJobMarket.JobState.Funded && s != IJobMarket.JobState.InProduction && s != IJobMarket.JobState.Shipped) {
            revert DisputeNotAllowed(jobId);
        }
        address[3] memory panel = _drawPanel(jobId, customer, provider);
        uint64 openedAt = uint64(block.timestamp);
        disputeId = _disputeCount + 1;
        _disputeCount = uint64(disputeId);
        StoredDispute storage d = _disputes[disputeId];
        d.panel0 = panel[0];
        d.jobId = uint64(jobId);
        d.panel1 = panel[1];
        d.openedAt = openedAt;
        d.status = DisputeStatus.Open;
        if (msg.sender == provider) d.flags = OPENED_BY_PROVIDER;
        d.panel2 = panel[2];
        if (evidenceHash != bytes32(0)) d.evidenceHash = evidenceHash;
        _disputeOfJob[jobId] = disputeId;
        _escrow.freeze(jobId);
        _jobMarket.markDisputed(jobId);
        _reputation.recordDispute(provider, jobId);
        emit DisputeOpened(disputeId, jobId, msg.sender, evidenceHash, panel, openedAt + _votingPeriod);
    }

    function submitEvidence(uint256 disputeId, bytes32 evidenceHash) external {
        StoredDispute storage d = _known(disputeId);
        (address customer, address provider,) = IJobParties(address(_jobMarket)).partiesOf(d.jobId);
        if (msg.sender != customer && msg.sender != provider) revert NotParty(d.jobId, msg.sender);
        if (d.status != DisputeStatus.Open) revert DisputeClosed(disputeId);
        emit EvidenceSubmitted(disputeId, msg.sender, evidenceHash);
    }

    function vote(uint256 disputeId, uint16 providerShareBps) external {
        StoredDispute storage d = _known(disputeId);
        uint256 seat;
        if (msg.sender == d.panel0) seat = 0;
        else if (msg.sender == d.panel1) seat = 1;
        else if (msg.sender == d.panel2) seat = 2;
        else revert NotPanellist(disputeId, msg.sender);
        if (!_registry.isMember(msg.sender, IMemberRegistry.Role.ARBITER)) revert NotPanellist(disputeId, msg.sender);
        uint8 flags = d.flags;
        if (flags & (1 << seat) != 0) revert AlreadyVoted(disputeId, msg.sender);
        if (providerShareBps > BPS) revert BadShare(providerShareBps);
        if (d.status != DisputeStatus.Open) revert DisputeClosed(disputeId);
        if (block.timestamp >= uint256(d.openedAt) + _votingPeriod) revert VotingClosed(disputeId);
        flags |= uint8(1 << seat);
        d.flags = flags;
        if (seat == 0) d.share0 = providerShareBps;
        else if (seat == 1) d.share1 = providerShareBps;
        else d.share2 = providerShareBps;
        emit ArbiterVoted(disputeId, msg.sender, providerShareBps);
        if (flags & ALL_VOTED == ALL_VOTED) _resolve(disputeId, d, _median(d.share0, d.share1, d.share2), false);
    }

    function resolveAfterDeadline(uint256 disputeId) external {
        StoredDispute storage d = _known(disputeId);
        if (d.status != DisputeStatus.Open) revert DisputeClosed(disputeId);
        if (block.timestamp < uint256(d.openedAt) + _votingPeriod) revert DeadlineNotReached(disputeId);
        uint16 share;
        uint8 mask = d.flags & ALL_VOTED;
        if (mask == 3) share = uint16((uint256(d.share0) + d.share1) / 2);
        else if (mask == 5) share = uint16((uint256(d.share0) + d.share2) / 2);
        else if (mask == 6) share = uint16((uint256(d.share1) + d.share2) / 2);
        // 0 or 1 vote: share 0, everything held goes back to the customer
        _resolve(disputeId, d, share, true);
    }

    function dispute(uint256 disputeId) external view returns (Dispute memory) {
        StoredDispute storage d = _known(disputeId);
        uint8 flags = d.flags;
        IJobMarket.Job memory j = _jobMarket.job(d.jobId);
        return Dispute({
            jobId: d.jobId,
            opener: flags & OPENED_BY_PROVIDER != 0 ? j.provider : j.customer,
            evidenceHash: d.evidenceHash,
            openedAt: d.openedAt,
            deadline: d.openedAt + _votingPeriod,
            panel: [d.panel0, d.panel1, d.panel2],
            shares: [d.share0, d.share1, d.share2],
            voted: [flags & 1 != 0, flags & 2 != 0, flags & 4 != 0],
            status: d.status,
            providerShareBps: d.providerShareBps,
            byDefault: flags & BY_DEFAULT != 0
        });
    }

    function disputeOfJob(uint256 jobId) external view returns (uint256) {
        return _disputeOfJob[jobId];
    }

    function disputeCount() external view returns (uint256) {
        return _disputeCount;
    }

    function votingPeriod() external view returns (uint64) {
        return _votingPeriod;
    }

    // ---- internals ----

    function _known(uint256 disputeId) private view returns (StoredDispute storage) {
        if (disputeId == 0 || disputeId > _disputeCount) revert UnknownDispute(disputeId);
        return _disputes[disputeId];
    }

    /// E = active ARBITERs minus the parties, ascending; panel[i] = E[(s + i) % n]. The registry
    /// keeps the ARBITERs sorted, so the draw reads three of them instead of the whole committee.
    function _drawPanel(uint256 jobId, address customer, address provider) private view returns (address[3] memory panel) {
        uint256 n;
        (panel, n) = IArbiterDraw(address(_registry)).drawArbiters(uint256(keccak256(abi.encode(jobId))), customer, provider);
        if (n < 3) revert NotEnoughArbiters(n);
    }

    function _resolve(uint256 disputeId, StoredDispute storage d, uint16 share, bool byDefault) private {
        d.status = DisputeStatus.Resolved;
        d.providerShareBps = share;
        if (byDefault) d.flags |= BY_DEFAULT;
        uint256 jobId = d.jobId;
        (, address provider,) = IJobParties(address(_jobMarket)).partiesOf(jobId);
        _escrow.settle(jobId, share);
        _jobMarket.markResolved(jobId);
        _reputation.recordDisputeOutcome(provider, jobId, share < LOST_BELOW);
        emit DisputeResolved(disputeId, jobId, share, byDefault);
    }

    function _median(uint16 a, uint16 b, uint16 c) private pure returns (uint16) {
        if (a > b) (a, b) = (b, a);
        if (b > c) b = c;
        return a > b ? a : b;
    }
}
