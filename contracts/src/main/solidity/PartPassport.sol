// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {IPartPassport} from "./interfaces/IPartPassport.sol";

/// @title AMChain part passport (implementation of IPartPassport).
/// @notice Decisions where the interface is silent (also in docs/platform.md):
///  * Minting uses `_mint`, not `_safeMint`: a customer contract without onERC721Received must
///    not be able to block the completion of its own job (and the provider's final payment).
///  * Storage holds what only the mint knows: the design's SHA-256 (once per design) and the
///    telemetry roots. The other fields (designId, provider, customer, qaHash, trackingHash,
///    deliveredAt = completedAt) are read from the JobMarket's record of the job, which is final
///    once Completed; this keeps the completing transaction under the gas budget.
///  * The roots are stored one slot each without a length slot: each is XORed with ROOT_MASK and
///    the list ends at the first empty slot (a root equal to ROOT_MASK, a keccak image, cannot occur).
///  * Events of a mint: Transfer(0, customer, jobId), then PassportMinted.
contract PartPassport is IPartPassport, ERC721 {
    bytes32 private constant ROOT_MASK = keccak256("AMChain.PartPassport.telemetryRoot");

    address private immutable _jobMarket;
    mapping(uint256 designId => bytes32) private _designSha256;
    mapping(uint256 tokenId => mapping(uint256 index => bytes32 maskedRoot)) private _roots;

    constructor(address jobMarket) ERC721("AMChain Part Passport", "AMPP") {
        _jobMarket = jobMarket;
    }

    function mint(address to, Passport calldata p) external returns (uint256 tokenId) {
        if (msg.sender != _jobMarket) revert Unauthorized(msg.sender);
        tokenId = p.jobId;
        if (_ownerOf(tokenId) != address(0)) revert AlreadyMinted(tokenId);
        _mint(to, tokenId);
        if (_designSha256[p.designId] != p.designSha256) _designSha256[p.designId] = p.designSha256;
        mapping(uint256 => bytes32) storage roots = _roots[tokenId];
        for (uint256 i = 0; i < p.telemetryRoots.length; i++) {
            roots[i] = p.telemetryRoots[i] ^ ROOT_MASK;
        }
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
        mapping(uint256 => bytes32) storage stored = _roots[tokenId];
        uint256 n;
        while (stored[n] != bytes32(0)) n++;
        bytes32[] memory roots = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            roots[i] = stored[i] ^ ROOT_MASK;
        }
        return Passport({
            jobId: tokenId,
            designId: j.designId,
            designSha256: _designSha256[j.designId],
            provider: j.provider,
            customer: j.customer,
            telemetryRoots: roots,
            qaHash: j.qaHash,
            trackingHash: j.trackingHash,
            deliveredAt: j.completedAt
        });
    }
}
