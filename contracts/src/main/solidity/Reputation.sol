// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IReputation} from "./interfaces/IReputation.sol";

/// @title AMChain reputation (implementation of IReputation).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * `rate` checks, in order: NotJobCustomer, NotRateable, BadStars, AlreadyRated; an unknown
///    job reverts the JobMarket's UnknownJob.
///  * StatsUpdated is emitted on every change of a provider's stats (rating, completion, dispute,
///    dispute outcome), after the event of the change itself.
///  * The rating is recorded for the job's awarded provider.
contract Reputation is IReputation {
    IJobMarket private immutable _jobMarket;
    address private immutable _arbitration;

    mapping(address provider => Stats) private _stats;
    mapping(uint256 jobId => Rating) private _ratings;

    constructor(address jobMarket, address arbitration) {
        _jobMarket = IJobMarket(jobMarket);
        _arbitration = arbitration;
    }

    modifier only(address allowed) {
        if (msg.sender != allowed) revert Unauthorized(msg.sender);
        _;
    }

    function rate(uint256 jobId, uint8 stars, bytes32 commentHash) external {
        IJobMarket.Job memory j = _jobMarket.job(jobId);
        if (j.customer != msg.sender) revert NotJobCustomer(jobId, msg.sender);
        if (j.state != IJobMarket.JobState.Completed && j.state != IJobMarket.JobState.Resolved) revert NotRateable(jobId);
        if (stars < 1 || stars > 5) revert BadStars(stars);
        Rating storage r = _ratings[jobId];
        if (r.stars != 0) revert AlreadyRated(jobId);
        r.stars = stars;
        r.provider = j.provider;
        r.commentHash = commentHash;
        Stats storage s = _stats[j.provider];
        s.ratings += 1;
        s.ratingSum += stars;
        emit Rated(jobId, j.provider, msg.sender, stars, commentHash);
        emit StatsUpdated(j.provider, s);
    }

    function recordCompletion(address provider, uint256 jobId, bool onTime) external only(address(_jobMarket)) {
        jobId; // counters are per provider; the id is in the interface for callers' logs
        Stats storage s = _stats[provider];
        s.completed += 1;
        if (onTime) s.onTime += 1;
        emit StatsUpdated(provider, s);
    }

    function recordDispute(address provider, uint256 jobId) external only(_arbitration) {
        jobId; // counters are per provider; the id is in the interface for callers' logs
        Stats storage s = _stats[provider];
        s.disputed += 1;
        emit StatsUpdated(provider, s);
    }

    function recordDisputeOutcome(address provider, uint256 jobId, bool lost) external only(_arbitration) {
        jobId; // counters are per provider; the id is in the interface for callers' logs
        if (!lost) return;
        Stats storage s = _stats[provider];
        s.disputesLost += 1;
        emit StatsUpdated(provider, s);
    }

    function stats(address provider) external view returns (Stats memory) {
        return _stats[provider];
    }

    function rating(uint256 jobId) external view returns (Rating memory) {
        return _ratings[jobId];
    }

    function score(address provider) external view returns (uint256) {
        Stats memory s = _stats[provider];
        uint256 ratingPart = s.ratings == 0 ? 0 : uint256(s.ratingSum) * 2_000 / s.ratings;
        uint256 onTimePart = s.completed == 0 ? 0 : uint256(s.onTime) * 10_000 / s.completed;
        uint256 disputePart = s.disputed == 0 ? 10_000 : uint256(s.disputed - s.disputesLost) * 10_000 / s.disputed;
        return (6 * ratingPart + 3 * onTimePart + disputePart) / 10;
    }
}
