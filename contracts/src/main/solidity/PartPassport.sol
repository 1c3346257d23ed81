// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IDesignRegistry} from "./interfaces/IDesignRegistry.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IPartPassport} from "./interfaces/IPartPassport.sol";
import {ITelemetryOracle} from "./interfaces/ITelemetryOracle.sol";

/// @title AMChain part passport (implementation of IPartPassport).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * Minting uses `_mint`, not `_safeMint`: a customer contract without onERC721Received must
///    not be able to block the completion of its own job (and the provider's final payment).
///  * The record is read from its sources, not copied: the job's fields (designId, provider,
///    customer, qaHash, trackingHash, deliveredAt = completedAt) from the JobMarket, the design's
///    SHA-256 from the DesignRegistry, the roots from the TelemetryOracle. Each is final once the
///    job is Completed (anchors are accepted only while InProduction, designs never change), so
///    `passport()` returns the values at completion, and the completing transaction stays under
///    the gas budget (one storage slot per root would cost 22k gas each).
///  * The TelemetryOracle and DesignRegistry addresses are given once by the JobMarket's
///    constructor (`wireSources`, JobMarket only, once: Unauthorized / AlreadyWired), so the
///    deployment order and constructors of the conventions are unchanged.
///  * Events of a mint: Transfer(0, customer, jobId), then PassportMinted.
contract PartPassport is IPartPassport, ERC721 {
    /// `wireSources` was already called.
    error AlreadyWired();

    address private immutable _jobMarket;
    ITelemetryOracle private _oracle;
    IDesignRegistry private _designs;

    constructor(address jobMarket) ERC721("AMChain Part Passport", "AMPP") {
        _jobMarket = jobMarket;
    }

    /// @notice JobMarket only, once (from its constructor): where the roots and design hashes are read.
    function wireSources(ITelemetryOracle oracle, IDesignRegistry designs) external {
        if (msg.sender != _jobMarket) revert Unauthorized(msg.sender);
        if (address(_oracle) != address(0)) revert AlreadyWired();
        _oracle = oracle;
        _designs = designs;
    }

    function mint(address to, Passport calldata p) external returns (uint256 tokenId) {
        if (msg.sender != _jobMarket) revert Unauthorized(msg.sender);
        tokenId = p.jobId;
        if (_ownerOf(tokenId) != address(0)) revert AlreadyMinted(tokenId);
        _mint(to, tokenId);
        emit PassportMinted(tokenId, p.jobId, to);
    }

    // OpenZeppelin's ERC721 leaves these outputs unnamed; IERC721 names them, and so does our ABI.
    function balanceOf(address owner) public view override(ERC721, IERC721) returns (uint256 balance) {
        return super.balanceOf(owner);
    }

    function ownerOf(uint256 tokenId) public view override(ERC721, IERC721) returns (address owner) {
        return super.ownerOf(tokenId);
    }

    function getApproved(uint256 tokenId) public view override(ERC721, IERC721) returns (address operator) {
        return super.getApproved(tokenId);
    }

    function passport(uint256 tokenId) external view returns (Passport memory) {
        if (_ownerOf(tokenId) == address(0)) revert UnknownPassport(tokenId);
        IJobMarket.Job memory j = IJobMarket(_jobMarket).job(tokenId);
        return Passport({
            jobId: tokenId,
            designId: j.designId,
            designSha256: _designs.design(j.designId).plainSha256,
            provider: j.provider,
            customer: j.customer,
            telemetryRoots: _oracle.telemetryRoots(tokenId),
            qaHash: j.qaHash,
            trackingHash: j.trackingHash,
            deliveredAt: j.completedAt
        });
    }
}
