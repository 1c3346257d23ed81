// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEscrow} from "./interfaces/IEscrow.sol";

/// @title AMChain escrow (implementation of IEscrow).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * Rounding dust of a split goes to the provider: each fee term is rounded down and the
///    provider gets `A` minus the terms, so a release credits exactly `A`.
///  * Credited events of a release follow the split order (royalty receiver, treasury, miner pool,
///    arbitration pool, provider), one per distinct payee with a non-zero sum, after Released.
///  * `settle` emits DisputeSettled, then Released and its Credited events (provider side > 0),
///    then Refunded and the customer's Credited (customer side > 0).
///  * A release or refund of 0 wei is allowed and emits Released/Refunded with zeros but no Credited.
///  * `freeze` of a job already frozen reverts JobFrozen.
///  * The escrow has no receive/fallback: money enters only through `deposit`. Ether forced in
///    without a call (a SELFDESTRUCT beneficiary) cannot be refused and would sit beyond
///    totalHeld() + totalCredits(); no function moves it.
///  * Constructor: admin, treasury and both pools must be non-zero (ZeroAddress); the fee sum
///    must be <= 2_000 bps (FeesTooHigh). `wire` (deployer only, once) sets JobMarket and Arbitration.
///  * Storage is packed to keep each action cheap: totals in 128-bit words (two per slot), a job's
///    held amount in 96 bits (deposits above 2^96 - 1 wei, about 7.9e10 coins, revert; the
///    JobMarket refuses such prices), the pools' addresses immutable (only the bps can change).
///    A payee's credit is kept as (credited, withdrawn) in one slot that stays non-zero after its
///    first credit, so later credits to the same payee cost a warm-slot write.
contract Escrow is IEscrow, Pausable, ReentrancyGuardTransient {
    /// `wire` was already called.
    error AlreadyWired();
    error ZeroAddress();

    uint256 private constant BPS = 10_000;
    uint16 private constant MAX_FEES_BPS = 2_000;

    struct Holding {
        address provider;
        uint16 royaltyBps;
        bool frozen;
        address royaltyReceiver;
        uint96 held;
        address customer; // 0 until deposited
    }

    struct Payee {
        uint128 credited; // everything ever credited
        uint128 withdrawn; // everything ever withdrawn; credit = credited - withdrawn
    }

    address private immutable _admin;
    address private immutable _deployer;
    address private immutable _treasury;
    address private immutable _minerRewardPool;
    address private immutable _arbitrationPool;
    address private _jobMarket;
    address private _arbitration;

    uint16 private _treasuryBps;
    uint16 private _minerPoolBps;
    uint16 private _arbitrationPoolBps;
    mapping(uint256 jobId => Holding) private _holdings;
    mapping(address payee => Payee) private _payees;
    uint128 private _totalHeld;
    uint128 private _totalCredits;
    uint128 private _totalDeposits;
    uint128 private _totalWithdrawn;

    constructor(
        address admin_,
        address treasury,
        address minerRewardPool,
        address arbitrationPool,
        uint16 treasuryBps,
        uint16 minerPoolBps,
        uint16 arbitrationPoolBps
    ) {
        if (admin_ == address(0) || treasury == address(0) || minerRewardPool == address(0) || arbitrationPool == address(0)) {
            revert ZeroAddress();
        }
        _admin = admin_;
        _deployer = msg.sender;
        _treasury = treasury;
        _minerRewardPool = minerRewardPool;
        _arbitrationPool = arbitrationPool;
        _setFees(treasuryBps, minerPoolBps, arbitrationPoolBps);
    }

    /// @notice Deployer only, once: the JobMarket (deposit, release, refund) and the Arbitration (freeze, settle).
    function wire(address jobMarket, address arbitration) external {
        if (msg.sender != _deployer) revert Unauthorized(msg.sender);
        if (_jobMarket != address(0)) revert AlreadyWired();
        if (jobMarket == address(0) || arbitration == address(0)) revert ZeroAddress();
        _jobMarket = jobMarket;
        _arbitration = arbitration;
    }

    modifier only(address allowed) {
        if (msg.sender != allowed || allowed == address(0)) revert Unauthorized(msg.sender);
        _;
    }

    // ---- JobMarket ----

    function deposit(uint256 jobId, address customer, address provider, address royaltyReceiver, uint16 royaltyBps)
        external
        payable
        only(_jobMarket)
    {
        Holding storage h = _holdings[jobId];
        if (h.customer != address(0)) revert AlreadyDeposited(jobId);
        h.customer = customer;
        h.royaltyBps = royaltyBps;
        h.provider = provider;
        if (royaltyBps > 0) h.royaltyReceiver = royaltyReceiver;
        uint96 value = SafeCast.toUint96(msg.value);
        h.held = value;
        _totalHeld += value;
        _totalDeposits += value;
        emit Deposited(jobId, customer, msg.value);
    }

    function release(uint256 jobId, uint256 amount) external only(_jobMarket) {
        Holding storage h = _unfrozen(jobId);
        _take(jobId, h, amount);
        _releaseToProviderSide(jobId, h, amount);
    }

    function refund(uint256 jobId, uint256 amount) external only(_jobMarket) {
        Holding storage h = _unfrozen(jobId);
        _take(jobId, h, amount);
        _refund(jobId, h.customer, amount);
    }

    // ---- Arbitration ----

    function freeze(uint256 jobId) external only(_arbitration) {
        Holding storage h = _holdings[jobId];
        if (h.frozen) revert JobFrozen(jobId);
        h.frozen = true;
        emit Frozen(jobId);
    }

    function settle(uint256 jobId, uint16 providerShareBps) external only(_arbitration) {
        Holding storage h = _holdings[jobId];
        if (!h.frozen) revert NotFrozen(jobId);
        if (providerShareBps > BPS) revert BadShare(providerShareBps);
        uint256 all = h.held;
        uint256 providerSide = all * providerShareBps / BPS;
        uint256 customerSide = all - providerSide;
        h.frozen = false;
        _take(jobId, h, all);
        emit DisputeSettled(jobId, providerShareBps, providerSide, customerSide);
        if (providerSide > 0) _releaseToProviderSide(jobId, h, providerSide);
        if (customerSide > 0) _refund(jobId, h.customer, customerSide);
    }

    // ---- payees ----

    function withdraw() external whenNotPaused nonReentrant {
        Payee storage payee = _payees[msg.sender];
        uint256 amount = payee.credited - payee.withdrawn;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        payee.withdrawn = payee.credited;
        _totalCredits -= uint128(amount);
        _totalWithdrawn += uint128(amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    // ---- admin (the MemberRegistry, through Call proposals) ----

    function pause() external only(_admin) {
        _pause();
    }

    function unpause() external only(_admin) {
        _unpause();
    }

    function setFees(uint16 treasuryBps, uint16 minerPoolBps, uint16 arbitrationPoolBps) external only(_admin) {
        _setFees(treasuryBps, minerPoolBps, arbitrationPoolBps);
    }

    // ---- views ----

    function credit(address payee) external view returns (uint256) {
        Payee storage p = _payees[payee];
        return p.credited - p.withdrawn;
    }

    function held(uint256 jobId) external view returns (uint256) {
        return _holdings[jobId].held;
    }

    function frozen(uint256 jobId) external view returns (bool) {
        return _holdings[jobId].frozen;
    }

    function totalHeld() external view returns (uint256) {
        return _totalHeld;
    }

    function totalCredits() external view returns (uint256) {
        return _totalCredits;
    }

    function totalDeposits() external view returns (uint256) {
        return _totalDeposits;
    }

    function totalWithdrawn() external view returns (uint256) {
        return _totalWithdrawn;
    }

    function fees() external view returns (Fees memory) {
        return Fees({
            treasury: _treasury,
            minerRewardPool: _minerRewardPool,
            arbitrationPool: _arbitrationPool,
            treasuryBps: _treasuryBps,
            minerPoolBps: _minerPoolBps,
            arbitrationPoolBps: _arbitrationPoolBps
        });
    }

    function paused() public view override(IEscrow, Pausable) returns (bool) {
        return super.paused();
    }

    function admin() external view returns (address) {
        return _admin;
    }

    // ---- internals ----

    function _unfrozen(uint256 jobId) private view returns (Holding storage h) {
        h = _holdings[jobId];
        if (h.frozen) revert JobFrozen(jobId);
    }

    /// Moves `amount` out of the job's holding; the caller credits it.
    function _take(uint256 jobId, Holding storage h, uint256 amount) private {
        uint256 available = h.held;
        if (amount > available) revert InsufficientHeld(jobId, available, amount);
        h.held = uint96(available - amount);
        _totalHeld -= uint128(amount);
    }

    function _releaseToProviderSide(uint256 jobId, Holding storage h, uint256 amount) private {
        address[5] memory payees = [h.royaltyReceiver, _treasury, _minerRewardPool, _arbitrationPool, h.provider];
        uint256[5] memory parts;
        parts[0] = amount * h.royaltyBps / BPS;
        parts[1] = amount * _treasuryBps / BPS;
        parts[2] = amount * _minerPoolBps / BPS;
        parts[3] = amount * _arbitrationPoolBps / BPS;
        parts[4] = amount - parts[0] - parts[1] - parts[2] - parts[3];
        emit Released(jobId, amount, parts[4], parts[0], parts[1], parts[2], parts[3]);

        // Terms for the same address are added: each payee is credited once, at its first place.
        for (uint256 i = 0; i < 5; i++) {
            uint256 sum = parts[i];
            if (sum == 0) continue;
            for (uint256 j = i + 1; j < 5; j++) {
                if (payees[j] == payees[i]) {
                    sum += parts[j];
                    parts[j] = 0;
                }
            }
            _credit(payees[i], jobId, sum);
        }
    }

    function _refund(uint256 jobId, address customer, uint256 amount) private {
        emit Refunded(jobId, customer, amount);
        if (amount > 0) _credit(customer, jobId, amount);
    }

    function _credit(address payee, uint256 jobId, uint256 amount) private {
        _payees[payee].credited += uint128(amount);
        _totalCredits += uint128(amount);
        emit Credited(payee, jobId, amount);
    }

    function _setFees(uint16 treasuryBps, uint16 minerPoolBps, uint16 arbitrationPoolBps) private {
        if (uint256(treasuryBps) + minerPoolBps + arbitrationPoolBps > MAX_FEES_BPS) revert FeesTooHigh();
        _treasuryBps = treasuryBps;
        _minerPoolBps = minerPoolBps;
        _arbitrationPoolBps = arbitrationPoolBps;
        emit FeesChanged(treasuryBps, minerPoolBps, arbitrationPoolBps);
    }
}
