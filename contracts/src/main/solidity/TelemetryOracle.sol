// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IMemberRegistry} from "./interfaces/IMemberRegistry.sol";
import {ITelemetryOracle} from "./interfaces/ITelemetryOracle.sol";

/// @title AMChain telemetry oracle (implementation of ITelemetryOracle).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * `registerDevice` checks, in order: NotProvider, ZeroDevice, DeviceAlreadyRegistered.
///  * `deactivateDevice` of an unknown device reverts NotDeviceOwner(device, caller); of a device
///    already inactive, DeviceInactive. A deactivated device is never active again (its address
///    can never be registered again either).
///  * `submitTelemetry` of an unknown job reverts JobNotInProduction. The anchor's `milestone` is
///    the index the JobMarket accepted (< 16), stored compactly.
///  * The EIP-712 domain is OpenZeppelin's EIP712 (so `eip712Domain()` of ERC-5267 is also
///    available to wallets).
contract TelemetryOracle is ITelemetryOracle, EIP712 {
    bytes32 private constant DIGEST_TYPEHASH = keccak256(
        "TelemetryDigest(uint256 jobId,uint256 milestone,bytes32 merkleRoot,uint64 windowStart,uint64 windowEnd,uint32 readings,uint32 outOfSpec)"
    );

    /// Two slots of an anchor besides its two hashes.
    struct StoredAnchor {
        bytes32 merkleRoot;
        bytes32 digestHash;
        address device;
        uint64 windowStart;
        uint32 readings;
        uint64 windowEnd;
        uint32 outOfSpec;
        uint16 milestone;
    }

    IMemberRegistry private immutable _registry;
    IJobMarket private immutable _jobMarket;

    mapping(address device => Device) private _devices;
    mapping(bytes32 digestHash => bool) private _used;
    mapping(uint256 jobId => StoredAnchor[]) private _anchors;

    constructor(IMemberRegistry registry, address jobMarket) EIP712("AMChainTelemetry", "1") {
        _registry = registry;
        _jobMarket = IJobMarket(jobMarket);
    }

    // Parameters named `device` (shadowing the view) keep the interface's ABI names.
    function registerDevice(address device, bytes32 metadataHash) external {
        if (!_registry.isMember(msg.sender, IMemberRegistry.Role.PROVIDER)) revert NotProvider(msg.sender);
        if (device == address(0)) revert ZeroDevice();
        Device storage d = _devices[device];
        if (d.provider != address(0)) revert DeviceAlreadyRegistered(device);
        d.provider = msg.sender;
        d.metadataHash = metadataHash;
        d.active = true;
        d.registeredAt = uint64(block.timestamp);
        emit DeviceRegistered(device, msg.sender, metadataHash);
    }

    function deactivateDevice(address device) external {
        Device storage d = _devices[device];
        if (d.provider != msg.sender) revert NotDeviceOwner(device, msg.sender);
        if (!d.active) revert DeviceInactive(device);
        d.active = false;
        emit DeviceDeactivated(device, msg.sender);
    }

    function submitTelemetry(TelemetryDigest calldata digest, bytes calldata signature) external returns (bytes32 digestHash) {
        digestHash = _hash(digest);
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digestHash, signature);
        if (err != ECDSA.RecoverError.NoError || signer == address(0)) revert InvalidSignature();
        if (_used[digestHash]) revert DigestAlreadyUsed(digestHash);
        Device storage d = _devices[signer];
        address deviceProvider = d.provider;
        if (deviceProvider == address(0)) revert UnknownDevice(signer);
        if (!d.active) revert DeviceInactive(signer);
        if (digest.windowStart > digest.windowEnd) revert BadWindow(digest.windowStart, digest.windowEnd);
        address jobProvider = _providerInProduction(digest.jobId);
        if (deviceProvider != jobProvider) revert WrongProvider(signer, deviceProvider, jobProvider);

        _used[digestHash] = true;
        _jobMarket.submitMilestone(digest.jobId, digest.milestone, digestHash);
        _anchors[digest.jobId].push(
            StoredAnchor({
                merkleRoot: digest.merkleRoot,
                digestHash: digestHash,
                device: signer,
                windowStart: digest.windowStart,
                readings: digest.readings,
                windowEnd: digest.windowEnd,
                outOfSpec: digest.outOfSpec,
                milestone: uint16(digest.milestone) // the JobMarket accepted it, so it is < 16
            })
        );
        emit TelemetryAnchored(
            digest.jobId, digest.milestone, digest.merkleRoot, digestHash, signer, digest.readings, digest.outOfSpec
        );
    }

    function hashDigest(TelemetryDigest calldata digest) external view returns (bytes32) {
        return _hash(digest);
    }

    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function device(address deviceAddress) external view returns (Device memory) {
        return _devices[deviceAddress];
    }

    function used(bytes32 digestHash) external view returns (bool) {
        return _used[digestHash];
    }

    function anchors(uint256 jobId) external view returns (Anchor[] memory) {
        StoredAnchor[] storage stored = _anchors[jobId];
        Anchor[] memory out = new Anchor[](stored.length);
        for (uint256 i = 0; i < stored.length; i++) {
            StoredAnchor storage a = stored[i];
            out[i] = Anchor({
                milestone: a.milestone,
                merkleRoot: a.merkleRoot,
                windowStart: a.windowStart,
                windowEnd: a.windowEnd,
                readings: a.readings,
                outOfSpec: a.outOfSpec,
                device: a.device,
                digestHash: a.digestHash
            });
        }
        return out;
    }

    function telemetryRoots(uint256 jobId) external view returns (bytes32[] memory) {
        StoredAnchor[] storage stored = _anchors[jobId];
        bytes32[] memory roots = new bytes32[](stored.length);
        for (uint256 i = 0; i < stored.length; i++) {
            roots[i] = stored[i].merkleRoot;
        }
        return roots;
    }

    function _hash(TelemetryDigest calldata digest) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    DIGEST_TYPEHASH,
                    digest.jobId,
                    digest.milestone,
                    digest.merkleRoot,
                    digest.windowStart,
                    digest.windowEnd,
                    digest.readings,
                    digest.outOfSpec
                )
            )
        );
    }

    /// The job's provider; JobNotInProduction unless the job exists and is InProduction.
    function _providerInProduction(uint256 jobId) private view returns (address) {
        try _jobMarket.job(jobId) returns (IJobMarket.Job memory j) {
            if (j.state == IJobMarket.JobState.InProduction) return j.provider;
        } catch {}
        revert JobNotInProduction(jobId);
    }
}
