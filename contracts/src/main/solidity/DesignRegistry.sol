// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDesignRegistry} from "./interfaces/IDesignRegistry.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";

/// @title AMChain design registry (implementation of IDesignRegistry).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * `register` checks, in order: NotRegistered, DuplicateDesign, ZeroQuota, RoyaltyTooHigh.
///  * `grantAccess` / `revokeAccess` check UnknownDesign before NotDesignOwner. A grant that has
///    expired but was never revoked may still be revoked. Access is checked by the JobMarket when
///    production starts; revoking later does not stop a job already in production.
///  * `royaltyOf` of an unknown design reverts UnknownDesign, as `design` does; `grantOf` of a
///    design or grantee without a grant returns an empty Grant.
///  * `printQuota` counts the prints still allowed: `consumePrint` lowers it and raises `printed`.
///  * The JobMarket is wired once by the deployer (`wireJobMarket`); until then nobody can consume prints.
contract DesignRegistry is IDesignRegistry {
    /// `wireJobMarket` was already called.
    error AlreadyWired();
    error ZeroAddress();

    uint16 private constant MAX_ROYALTY_BPS = 2_000;

    struct StoredDesign {
        address owner;
        uint32 printQuota;
        uint32 printed;
        uint16 royaltyBps;
        uint64 registeredAt;
        bytes32 plainSha256;
        bytes32 licenceTermsHash;
        string encryptedBlobId;
    }

    IMemberRegistry private immutable _registry;
    address private immutable _deployer;
    address private _jobMarket;

    StoredDesign[] private _designs; // id = index + 1
    mapping(bytes32 plainSha256 => uint256 designId) private _bySha;
    mapping(uint256 designId => mapping(address grantee => Grant)) private _grants;

    constructor(IMemberRegistry registry) {
        _registry = registry;
        _deployer = msg.sender;
    }

    /// @notice Deployer only, once: the JobMarket, the only caller of `consumePrint`.
    function wireJobMarket(address jobMarket) external {
        if (msg.sender != _deployer) revert Unauthorized(msg.sender);
        if (_jobMarket != address(0)) revert AlreadyWired();
        if (jobMarket == address(0)) revert ZeroAddress();
        _jobMarket = jobMarket;
    }

    function register(
        bytes32 plainSha256,
        string calldata encryptedBlobId,
        bytes32 licenceTermsHash,
        uint32 printQuota,
        uint16 royaltyBps
    ) external returns (uint256 designId) {
        if (!_registry.isRegistered(msg.sender)) revert NotRegistered(msg.sender);
        if (_bySha[plainSha256] != 0) revert DuplicateDesign(plainSha256);
        if (printQuota == 0) revert ZeroQuota();
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps);
        _designs.push(
            StoredDesign({
                owner: msg.sender,
                printQuota: printQuota,
                printed: 0,
                royaltyBps: royaltyBps,
                registeredAt: uint64(block.timestamp),
                plainSha256: plainSha256,
                licenceTermsHash: licenceTermsHash,
                encryptedBlobId: encryptedBlobId
            })
        );
        designId = _designs.length;
        _bySha[plainSha256] = designId;
        emit DesignRegistered(designId, msg.sender, plainSha256, printQuota, royaltyBps);
    }

    function grantAccess(uint256 designId, uint256 jobId, address grantee, uint64 expiry, bytes32 wrappedKeyHash) external {
        _ownedBySender(designId);
        if (expiry <= block.timestamp) revert ExpiryInPast(expiry);
        _grants[designId][grantee] = Grant({jobId: jobId, expiry: expiry, wrappedKeyHash: wrappedKeyHash, revoked: false});
        emit AccessGranted(designId, jobId, grantee, expiry, wrappedKeyHash);
    }

    function revokeAccess(uint256 designId, address grantee) external {
        _ownedBySender(designId);
        Grant storage g = _grants[designId][grantee];
        if (g.expiry == 0 || g.revoked) revert NoGrant(designId, grantee);
        g.revoked = true;
        emit AccessRevoked(designId, grantee);
    }

    function hasAccess(uint256 designId, address grantee) external view returns (bool) {
        if (designId == 0 || designId > _designs.length) return false;
        if (_designs[designId - 1].owner == grantee) return true;
        Grant storage g = _grants[designId][grantee];
        return !g.revoked && block.timestamp < g.expiry;
    }

    function consumePrint(uint256 designId, uint256 jobId, uint32 units) external {
        if (msg.sender != _jobMarket || msg.sender == address(0)) revert Unauthorized(msg.sender);
        StoredDesign storage d = _known(designId);
        uint32 remaining = d.printQuota;
        if (units > remaining) revert QuotaExceeded(designId, remaining, units);
        remaining -= units;
        d.printQuota = remaining;
        d.printed += units;
        emit PrintConsumed(designId, jobId, units, remaining);
    }

    function design(uint256 designId) external view returns (Design memory) {
        StoredDesign storage d = _known(designId);
        return Design({
            owner: d.owner,
            plainSha256: d.plainSha256,
            encryptedBlobId: d.encryptedBlobId,
            licenceTermsHash: d.licenceTermsHash,
            printQuota: d.printQuota,
            printed: d.printed,
            royaltyBps: d.royaltyBps,
            registeredAt: d.registeredAt
        });
    }

    function grantOf(uint256 designId, address grantee) external view returns (Grant memory) {
        return _grants[designId][grantee];
    }

    function designCount() external view returns (uint256) {
        return _designs.length;
    }

    function royaltyOf(uint256 designId) external view returns (address receiver, uint16 royaltyBps) {
        StoredDesign storage d = _known(designId);
        return (d.owner, d.royaltyBps);
    }

    function _known(uint256 designId) private view returns (StoredDesign storage) {
        if (designId == 0 || designId > _designs.length) revert UnknownDesign(designId);
        return _designs[designId - 1];
    }

    function _ownedBySender(uint256 designId) private view {
        if (_known(designId).owner != msg.sender) revert NotDesignOwner(designId, msg.sender);
    }
}
