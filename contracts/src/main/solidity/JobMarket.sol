// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IArbitration} from "./interfaces/IArbitration.sol";
import {IDesignRegistry} from "./interfaces/IDesignRegistry.sol";
import {IEscrow} from "./interfaces/IEscrow.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {IPartPassport} from "./interfaces/IPartPassport.sol";
import {IReputation} from "./interfaces/IReputation.sol";
import {ITelemetryOracle} from "./interfaces/ITelemetryOracle.sol";

/// The PartPassport's one function beyond its interface (see PartPassport.wireSources).
interface IPassportSources {
    function wireSources(ITelemetryOracle oracle, IDesignRegistry designs) external;
}

/// @title AMChain job market (implementation of IJobMarket).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * Checks run in the order the NatSpec lists them, after UnknownJob; `approveMilestone` checks
///    BadMilestoneIndex, then MilestoneAlreadyApproved, then MilestoneNotSubmitted.
///  * A provider cannot quote on its own job (`Unauthorized(provider)`): self-dealing would farm
///    reputation and passports.
///  * A provider's own milestone submission needs a non-zero evidence hash (EmptyEvidence):
///    no tranche is released without evidence. The TelemetryOracle passes the EIP-712 digest hash.
///  * Prices are limited to 2^96 - 1 wei, about 7.9e10 coins (BadPrice above it): the Escrow
///    packs a job's holding in 96 bits.
///  * The constructor hands the TelemetryOracle and DesignRegistry addresses to the PartPassport
///    (`PartPassport.wireSources`), which reads a passport's roots and design hash from them.
///  * Events: the action's own event comes first, then JobStateChanged (JobPosted, then
///    JobStateChanged(None, Open); Escrow's Deposited, JobFunded, JobStateChanged; JobShipped,
///    JobStateChanged). Completion emits JobStateChanged(Shipped, Delivered), Escrow's Released and
///    Credited events, Reputation's StatsUpdated, the passport's Transfer and PassportMinted,
///    then JobStateChanged(Delivered, Completed).
///  * `milestones()`: a production milestone's `released` is its tranche once approved; the
///    delivery milestone reads Approved once the job is Completed, with `released` = the final
///    release (price minus the approved tranches, so unapproved production tranches included).
///    Money split by a dispute ruling or refunded is not "released" for a milestone.
///  * Quota consumed by `startProduction` is not given back when a job expires or is disputed.
///  * `quote()` of an unknown id reverts UnknownQuote.
///  * Completion mints the passport with a record that holds only the job id: the PartPassport
///    reads every field from its sources, and reading the design hash and the telemetry roots
///    here as well cost about 15k gas in the completing transaction (issue 16's gas budget).
contract JobMarket is IJobMarket {
    /// A provider submitted a milestone without evidence.
    error EmptyEvidence(uint256 jobId, uint256 index);

    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_MILESTONES = 16;

    struct StoredJob {
        address customer;
        uint32 quantity;
        uint64 quoteDeadline;
        address provider;
        uint64 deliveryDeadline;
        JobState state;
        uint8 milestoneCount;
        uint64 shippedAt;
        uint64 completedAt;
        uint48 designId; // ids are counters: 48 bits never overflow
        uint48 quoteId;
        uint16 submitted; // bit k: milestone k Submitted
        uint16 approved; // bit k: milestone k Approved
        uint256 budgetCap;
        uint256 price;
        bytes32 specHash;
        bytes32 trackingHash;
        bytes32 qaHash;
        string material;
    }

    struct StoredQuote {
        address provider;
        uint64 leadTime;
        uint8 count;
        uint64 jobId;
        uint64 submittedAt;
        uint128 price;
        uint256 bps; // milestone k in bits 16k..16k+15
    }

    IMemberRegistry private immutable _registry;
    IDesignRegistry private immutable _designs;
    IEscrow private immutable _escrow;
    IReputation private immutable _reputation;
    IPartPassport private immutable _passport;
    address private immutable _oracle;
    address private immutable _arbitration;
    uint64 private immutable _confirmationWindow;

    StoredJob[] private _jobs; // id = index + 1
    StoredQuote[] private _quotes; // id = index + 1
    mapping(uint256 jobId => uint256[]) private _quotesOf;
    mapping(uint256 jobId => mapping(uint256 index => bytes32)) private _evidence;

    constructor(
        IMemberRegistry registry,
        IDesignRegistry designs,
        IEscrow escrow,
        IReputation reputation,
        IPartPassport passport,
        ITelemetryOracle oracle,
        IArbitration arbitration,
        uint64 confirmationWindow_
    ) {
        _registry = registry;
        _designs = designs;
        _escrow = escrow;
        _reputation = reputation;
        _passport = passport;
        _oracle = address(oracle);
        _arbitration = address(arbitration);
        _confirmationWindow = confirmationWindow_;
        IPassportSources(address(passport)).wireSources(oracle, designs);
    }

    // ---- customer and provider actions ----

    function postJob(
        uint256 designId,
        bytes32 specHash,
        string calldata material,
        uint32 quantity,
        uint64 quoteDeadline,
        uint64 deliveryDeadline,
        uint256 budgetCap
    ) external returns (uint256 jobId) {
        _requireRole(msg.sender, IMemberRegistry.Role.CUSTOMER);
        if (designId == 0 || designId > _designs.designCount()) revert UnknownDesign(designId);
        if (quantity == 0) revert BadQuantity();
        if (budgetCap == 0) revert ZeroBudget();
        if (block.timestamp >= quoteDeadline || quoteDeadline >= deliveryDeadline) revert BadDeadlines();
        StoredJob storage j = _jobs.push();
        j.customer = msg.sender;
        j.quantity = quantity;
        j.quoteDeadline = quoteDeadline;
        j.deliveryDeadline = deliveryDeadline;
        j.state = JobState.Open;
        j.designId = uint48(designId);
        j.budgetCap = budgetCap;
        if (specHash != bytes32(0)) j.specHash = specHash;
        if (bytes(material).length > 0) j.material = material;
        jobId = _jobs.length;
        emit JobPosted(jobId, msg.sender, designId, budgetCap);
        emit JobStateChanged(jobId, JobState.None, JobState.Open);
    }

    function submitQuote(uint256 jobId, uint256 price, uint64 leadTime, uint16[] calldata milestoneBps)
        external
        returns (uint256 quoteId)
    {
        _requireRole(msg.sender, IMemberRegistry.Role.PROVIDER);
        StoredJob storage j = _known(jobId);
        _requireState(jobId, j, JobState.Open);
        if (block.timestamp > j.quoteDeadline) revert QuoteDeadlinePassed(jobId);
        if (msg.sender == j.customer) revert Unauthorized(msg.sender);
        if (price == 0 || price > j.budgetCap || price > type(uint96).max) revert BadPrice(price, j.budgetCap);
        uint256 n = milestoneBps.length;
        if (n == 0 || n > MAX_MILESTONES) revert BadMilestones();
        uint256 packed;
        uint256 sum;
        for (uint256 k = 0; k < n; k++) {
            uint256 bps = milestoneBps[k];
            if (bps == 0) revert BadMilestones();
            sum += bps;
            packed |= bps << (16 * k);
        }
        if (sum != BPS) revert BadMilestones();
        _quotes.push(
            StoredQuote({
                provider: msg.sender,
                leadTime: leadTime,
                count: uint8(n),
                jobId: uint64(jobId),
                submittedAt: uint64(block.timestamp),
                price: uint128(price),
                bps: packed
            })
        );
        quoteId = _quotes.length;
        _quotesOf[jobId].push(quoteId);
        emit QuoteSubmitted(jobId, quoteId, msg.sender, price);
    }

    function award(uint256 jobId, uint256 quoteId) external {
        StoredJob storage j = _ofCustomer(jobId);
        _requireState(jobId, j, JobState.Open);
        if (quoteId == 0 || quoteId > _quotes.length) revert UnknownQuote(quoteId);
        StoredQuote storage q = _quotes[quoteId - 1];
        if (q.jobId != jobId) revert QuoteNotForJob(jobId, quoteId);
        address provider = q.provider;
        _requireRole(provider, IMemberRegistry.Role.PROVIDER);
        j.provider = provider;
        j.milestoneCount = q.count;
        j.quoteId = uint48(quoteId);
        j.price = q.price;
        emit JobAwarded(jobId, quoteId, provider, q.price);
        _move(jobId, j, JobState.Awarded);
    }

    function fund(uint256 jobId) external payable {
        StoredJob storage j = _ofCustomer(jobId);
        _requireState(jobId, j, JobState.Awarded);
        uint256 price = j.price;
        if (msg.value != price) revert WrongAmount(price, msg.value);
        j.state = JobState.Funded;
        (address royaltyReceiver, uint16 royaltyBps) = _designs.royaltyOf(j.designId);
        _escrow.deposit{value: msg.value}(jobId, msg.sender, j.provider, royaltyReceiver, royaltyBps);
        emit JobFunded(jobId, msg.value);
        emit JobStateChanged(jobId, JobState.Awarded, JobState.Funded);
    }

    function startProduction(uint256 jobId) external {
        StoredJob storage j = _ofProvider(jobId);
        _requireState(jobId, j, JobState.Funded);
        uint256 designId = j.designId;
        if (!_designs.hasAccess(designId, msg.sender)) revert NoDesignAccess(designId, msg.sender);
        _move(jobId, j, JobState.InProduction);
        _designs.consumePrint(designId, jobId, j.quantity);
    }

    function submitMilestone(uint256 jobId, uint256 index, bytes32 evidenceHash) external {
        StoredJob storage j = _known(jobId);
        if (msg.sender != j.provider && msg.sender != _oracle) revert NotJobProvider(jobId, msg.sender);
        _requireState(jobId, j, JobState.InProduction);
        if (index + 1 >= j.milestoneCount) revert BadMilestoneIndex(jobId, index);
        uint16 bit = uint16(1 << index);
        if (j.approved & bit != 0) revert MilestoneAlreadyApproved(jobId, index);
        if (evidenceHash == bytes32(0)) revert EmptyEvidence(jobId, index);
        j.submitted |= bit;
        _evidence[jobId][index] = evidenceHash;
        emit MilestoneSubmitted(jobId, index, evidenceHash, msg.sender);
    }

    function approveMilestone(uint256 jobId, uint256 index) external {
        StoredJob storage j = _ofCustomer(jobId);
        if (j.state != JobState.InProduction && j.state != JobState.Shipped) revert WrongState(jobId, j.state);
        if (index + 1 >= j.milestoneCount) revert BadMilestoneIndex(jobId, index);
        uint16 bit = uint16(1 << index);
        if (j.approved & bit != 0) revert MilestoneAlreadyApproved(jobId, index);
        if (j.submitted & bit == 0) revert MilestoneNotSubmitted(jobId, index);
        j.approved |= bit;
        uint256 amount = _tranche(j, index);
        _escrow.release(jobId, amount);
        emit MilestoneApproved(jobId, index, amount);
    }

    function ship(uint256 jobId, bytes32 trackingHash, bytes32 qaHash) external {
        StoredJob storage j = _ofProvider(jobId);
        _requireState(jobId, j, JobState.InProduction);
        j.shippedAt = uint64(block.timestamp);
        j.state = JobState.Shipped;
        j.trackingHash = trackingHash;
        j.qaHash = qaHash;
        emit JobShipped(jobId, trackingHash, qaHash);
        emit JobStateChanged(jobId, JobState.InProduction, JobState.Shipped);
    }

    function confirmDelivery(uint256 jobId) external {
        StoredJob storage j = _ofCustomer(jobId);
        _requireState(jobId, j, JobState.Shipped);
        _complete(jobId, j);
    }

    function claimAfterWindow(uint256 jobId) external {
        StoredJob storage j = _ofProvider(jobId);
        _requireState(jobId, j, JobState.Shipped);
        if (block.timestamp <= uint256(j.shippedAt) + _confirmationWindow) revert WindowNotElapsed(jobId);
        _complete(jobId, j);
    }

    function cancel(uint256 jobId) external {
        StoredJob storage j = _ofCustomer(jobId);
        if (j.state != JobState.Open && j.state != JobState.Awarded) revert WrongState(jobId, j.state);
        _move(jobId, j, JobState.Cancelled);
    }

    function expire(uint256 jobId) external {
        StoredJob storage j = _known(jobId);
        if (j.state != JobState.Open && j.state != JobState.Awarded) revert WrongState(jobId, j.state);
        if (block.timestamp <= j.deliveryDeadline) revert DeadlineNotPassed(jobId);
        _move(jobId, j, JobState.Expired);
    }

    function reclaim(uint256 jobId) external {
        StoredJob storage j = _ofCustomer(jobId);
        if (j.state != JobState.Funded && j.state != JobState.InProduction) revert WrongState(jobId, j.state);
        if (block.timestamp <= j.deliveryDeadline) revert DeadlineNotPassed(jobId);
        _move(jobId, j, JobState.Expired);
        _escrow.refund(jobId, _escrow.held(jobId));
    }

    // ---- Arbitration ----

    function markDisputed(uint256 jobId) external {
        if (msg.sender != _arbitration) revert Unauthorized(msg.sender);
        StoredJob storage j = _known(jobId);
        JobState s = j.state;
        if (s != JobState.Funded && s != JobState.InProduction && s != JobState.Shipped) revert WrongState(jobId, s);
        _move(jobId, j, JobState.Disputed);
    }

    function markResolved(uint256 jobId) external {
        if (msg.sender != _arbitration) revert Unauthorized(msg.sender);
        StoredJob storage j = _known(jobId);
        _requireState(jobId, j, JobState.Disputed);
        _move(jobId, j, JobState.Resolved);
    }

    // ---- views ----

    function job(uint256 jobId) external view returns (Job memory) {
        StoredJob storage j = _known(jobId);
        return Job({
            customer: j.customer,
            designId: j.designId,
            specHash: j.specHash,
            material: j.material,
            quantity: j.quantity,
            quoteDeadline: j.quoteDeadline,
            deliveryDeadline: j.deliveryDeadline,
            budgetCap: j.budgetCap,
            state: j.state,
            quoteId: j.quoteId,
            provider: j.provider,
            price: j.price,
            shippedAt: j.shippedAt,
            completedAt: j.completedAt,
            trackingHash: j.trackingHash,
            qaHash: j.qaHash
        });
    }

    function quote(uint256 quoteId) external view returns (Quote memory) {
        if (quoteId == 0 || quoteId > _quotes.length) revert UnknownQuote(quoteId);
        StoredQuote storage q = _quotes[quoteId - 1];
        return Quote({
            jobId: q.jobId,
            provider: q.provider,
            price: q.price,
            leadTime: q.leadTime,
            milestoneBps: _unpack(q.bps, q.count),
            submittedAt: q.submittedAt
        });
    }

    function quotesOf(uint256 jobId) external view returns (uint256[] memory) {
        return _quotesOf[jobId];
    }

    function milestones(uint256 jobId) external view returns (Milestone[] memory) {
        StoredJob storage j = _known(jobId);
        uint256 n = j.milestoneCount;
        Milestone[] memory out = new Milestone[](n);
        if (n == 0) return out;
        uint16[] memory bps = _unpack(_quotes[j.quoteId - 1].bps, n);
        uint256 releasedSum;
        for (uint256 k = 0; k + 1 < n; k++) {
            uint16 bit = uint16(1 << k);
            MilestoneState state = j.approved & bit != 0
                ? MilestoneState.Approved
                : j.submitted & bit != 0 ? MilestoneState.Submitted : MilestoneState.Pending;
            uint256 released = state == MilestoneState.Approved ? _tranche(j, k) : 0;
            releasedSum += released;
            out[k] = Milestone({bps: bps[k], state: state, evidenceHash: _evidence[jobId][k], released: released});
        }
        bool completed = j.state == JobState.Completed;
        out[n - 1] = Milestone({
            bps: bps[n - 1],
            state: completed ? MilestoneState.Approved : MilestoneState.Pending,
            evidenceHash: bytes32(0),
            released: completed ? j.price - releasedSum : 0
        });
        return out;
    }

    /// @notice Not in IJobMarket: the job's parties and state in two storage reads, for the
    ///  Arbitration's `openDispute` (`job()` reads every field, the material string included).
    function partiesOf(uint256 jobId) external view returns (address customer, address provider, JobState state) {
        StoredJob storage j = _known(jobId);
        return (j.customer, j.provider, j.state);
    }

    function jobCount() external view returns (uint256) {
        return _jobs.length;
    }

    function confirmationWindow() external view returns (uint64) {
        return _confirmationWindow;
    }

    // ---- internals ----

    function _complete(uint256 jobId, StoredJob storage j) private {
        j.state = JobState.Completed;
        j.completedAt = uint64(block.timestamp);
        emit JobStateChanged(jobId, JobState.Shipped, JobState.Delivered);
        address provider = j.provider;
        _escrow.release(jobId, _escrow.held(jobId));
        _reputation.recordCompletion(provider, jobId, j.shippedAt <= j.deliveryDeadline);
        // The passport reads its record from the sources (PartPassport's NatSpec); only the token
        // id is taken from the argument, so the design hash and the roots are not read here.
        IPartPassport.Passport memory record;
        record.jobId = jobId;
        _passport.mint(j.customer, record);
        emit JobStateChanged(jobId, JobState.Delivered, JobState.Completed);
    }

    function _tranche(StoredJob storage j, uint256 index) private view returns (uint256) {
        uint256 bps = (_quotes[j.quoteId - 1].bps >> (16 * index)) & 0xffff;
        return j.price * bps / BPS;
    }

    function _unpack(uint256 packed, uint256 n) private pure returns (uint16[] memory bps) {
        bps = new uint16[](n);
        for (uint256 k = 0; k < n; k++) {
            bps[k] = uint16(packed >> (16 * k));
        }
    }

    function _move(uint256 jobId, StoredJob storage j, JobState to) private {
        JobState from = j.state;
        j.state = to;
        emit JobStateChanged(jobId, from, to);
    }

    function _known(uint256 jobId) private view returns (StoredJob storage) {
        if (jobId == 0 || jobId > _jobs.length) revert UnknownJob(jobId);
        return _jobs[jobId - 1];
    }

    function _ofCustomer(uint256 jobId) private view returns (StoredJob storage j) {
        j = _known(jobId);
        if (j.customer != msg.sender) revert NotJobCustomer(jobId, msg.sender);
    }

    function _ofProvider(uint256 jobId) private view returns (StoredJob storage j) {
        j = _known(jobId);
        if (j.provider != msg.sender) revert NotJobProvider(jobId, msg.sender);
    }

    function _requireState(uint256 jobId, StoredJob storage j, JobState expected) private view {
        if (j.state != expected) revert WrongState(jobId, j.state);
    }

    function _requireRole(address account, IMemberRegistry.Role role) private view {
        if (!_registry.isMember(account, role)) revert MissingRole(account, role);
    }
}
