// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

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
///    `hasVoted` reports every vote cast, also one that has gone stale (tally leaves it out).
///  * Constructor: at least one founder must be a voting member (NoVotingFounder) and
///    proposalPeriod > 0 (ZeroProposalPeriod); founders follow applyFor's rules (InvalidRole for
///    None, AlreadyMember for a duplicate, SignerRequired, SignerInUse); CUSTOMER founders are allowed.
///  * Each account that ever becomes a voting member gets a fixed index; a proposal's yes and no
///    votes are bitmaps over those indices, and the current voting members are one more bitmap.
///    Counting only current members' votes (the stale rule) is then an AND and a popcount per 256
///    accounts, so a vote costs the same whatever the membership did meanwhile.
///  * `votingMembers`, `minerSigners` and `membersWithRole` of CUSTOMER, PROVIDER and MINER filter
///    append-only lists of the accounts that ever held a role by their current status (views; order
///    = first admission). The active ARBITERs are kept as an exact list sorted by address
///    instead, because the Arbitration draws its panel from that order on chain
///    (`drawArbiters`, three reads whatever the committee's size); `membersWithRole(ARBITER)`
///    returns them ascending.
///  * The committee has at most MAX_ARBITERS (16) active ARBITERs: a founder list, an Admit or a
///    Reinstate that would exceed it reverts TooManyArbiters(16) (at execution, so the vote that
///    would pass reverts; apply again once a seat is free). This bounds the gas of that vote,
///    which shifts the sorted list, under 250k (issue 16).
contract MemberRegistry is IMemberRegistry {
    /// The last active MINER would be suspended or removed.
    error LastMiner(address account);
    /// No founder holds PROVIDER or MINER: nobody could ever vote.
    error NoVotingFounder();
    error ZeroProposalPeriod();
    /// Activating one more ARBITER would exceed the committee's maximum size.
    error TooManyArbiters(uint256 max);

    /// The largest arbitration committee (active ARBITERs). Admitting or reinstating an arbiter
    /// keeps the sorted list in storage by shifting the larger addresses one slot (about 5k gas
    /// each), so the size bounds the worst-case vote.
    uint256 public constant MAX_ARBITERS = 16;

    /// Three storage slots that no function writes (a hashed base, as ERC-7201 namespaces are), read
    /// by drawArbiters only to even out its gas.
    bytes32 private constant _DRAW_BALLAST = keccak256("amchain.MemberRegistry.drawArbiters.ballast");

    /// One slot per account.
    struct Account {
        address signer; // the MINER role's sealing address while the role is held
        uint16 statuses; // MemberStatus of role r in bits 2r..2r+1
        uint8 listed; // bit r: the account is in _everHeld[r]
        uint32 voterIndex; // 1 + position in _voterAccounts; 0 until it first becomes a voter
    }

    struct StoredProposal {
        ProposalKind kind;
        ProposalStatus status; // Pending, Executed or Expired (by `expire`); views derive Expired
        Role role;
        address account;
        uint64 deadline;
        address signerOrProposer; // Admit: the MINER signer (the proposer is the applicant); else the proposer
        bytes32 profileHash;
        bytes data;
    }

    uint64 private immutable _proposalPeriod;

    mapping(address account => Account) private _accounts;
    mapping(address signer => address account) private _signerHolder;
    mapping(Role role => address[]) private _everHeld; // not ARBITER
    address[] private _activeArbiters; // ascending by address, at most MAX_ARBITERS
    address[] private _voterAccounts;
    mapping(uint256 word => uint256 bits) private _activeVoters;
    uint32 private _voterCount;
    uint32 private _activeMiners;

    StoredProposal[] private _proposals; // id = index + 1
    mapping(uint256 proposalId => mapping(uint256 word => uint256 bits)) private _yes;
    mapping(uint256 proposalId => mapping(uint256 word => uint256 bits)) private _no;
    mapping(address account => mapping(Role role => uint256 proposalId)) private _pendingAdmit;

    constructor(Founder[] memory founders, uint64 proposalPeriod_) {
        if (proposalPeriod_ == 0) revert ZeroProposalPeriod();
        _proposalPeriod = proposalPeriod_;
        for (uint256 i = 0; i < founders.length; i++) {
            Founder memory f = founders[i];
            if (f.role == Role.None) revert InvalidRole(f.role);
            if (_statusOf(_accounts[f.account], f.role) != MemberStatus.None) revert AlreadyMember(f.account, f.role);
            address signer = f.role == Role.MINER ? f.signer : address(0);
            if (f.role == Role.MINER) _requireFreeSigner(signer);
            _admit(f.account, f.role, signer, 0, bytes32(0));
        }
        if (_voterCount == 0) revert NoVotingFounder();
    }

    // ---- membership ----

    function registerCustomer(bytes32 profileHash) external {
        if (_statusOf(_accounts[msg.sender], Role.CUSTOMER) != MemberStatus.None) {
            revert AlreadyMember(msg.sender, Role.CUSTOMER);
        }
        _admit(msg.sender, Role.CUSTOMER, address(0), 0, profileHash);
    }

    function applyFor(Role role, bytes32 profileHash, address signer) external returns (uint256 proposalId) {
        if (role != Role.PROVIDER && role != Role.MINER && role != Role.ARBITER) revert InvalidRole(role);
        if (_statusOf(_accounts[msg.sender], role) != MemberStatus.None) revert AlreadyMember(msg.sender, role);
        uint256 pending = _pendingAdmit[msg.sender][role];
        if (pending != 0 && _isOpen(_proposals[pending - 1])) revert ApplicationPending(msg.sender, role);
        if (role == Role.MINER) _requireFreeSigner(signer);
        else signer = address(0);
        proposalId = _create(ProposalKind.Admit, role, msg.sender, signer, profileHash, "");
        _pendingAdmit[msg.sender][role] = proposalId;
    }

    function propose(ProposalKind kind, address account, Role role) external returns (uint256 proposalId) {
        if (!_isVoter(_accounts[msg.sender])) revert NotVotingMember(msg.sender);
        if (kind == ProposalKind.Admit || kind == ProposalKind.Call) revert InvalidKind(kind);
        if (role == Role.None) revert InvalidRole(role);
        MemberStatus status = _statusOf(_accounts[account], role);
        MemberStatus needed = kind == ProposalKind.Reinstate ? MemberStatus.Suspended : MemberStatus.Active;
        if (status != needed) revert WrongMemberStatus(account, role, status);
        if (kind != ProposalKind.Reinstate) _requireNotLastMiner(account, role, status);
        proposalId = _create(kind, role, account, msg.sender, bytes32(0), "");
    }

    function proposeCall(address target, bytes calldata data) external returns (uint256 proposalId) {
        if (!_isVoter(_accounts[msg.sender])) revert NotVotingMember(msg.sender);
        proposalId = _create(ProposalKind.Call, Role.None, target, msg.sender, bytes32(0), data);
    }

    function vote(uint256 proposalId, bool support) external {
        Account storage voter = _accounts[msg.sender];
        if (!_isVoter(voter)) revert NotVotingMember(msg.sender);
        StoredProposal storage p = _openProposal(proposalId);
        uint256 index = voter.voterIndex - 1;
        uint256 word = index >> 8;
        uint256 bit = 1 << (index & 255);
        uint256 yesBits = _yes[proposalId][word];
        if ((yesBits | _no[proposalId][word]) & bit != 0) revert AlreadyVoted(proposalId, msg.sender);
        if (support) _yes[proposalId][word] = yesBits | bit;
        else _no[proposalId][word] |= bit;
        emit Voted(proposalId, msg.sender, support);
        if (support && _passes(proposalId)) _execute(proposalId, p);
    }

    function execute(uint256 proposalId) external {
        StoredProposal storage p = _openProposal(proposalId);
        if (!_passes(proposalId)) revert NotPassed(proposalId);
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
        return _statusOf(_accounts[account], role) == MemberStatus.Active;
    }

    function isRegistered(address account) external view returns (bool) {
        Account storage a = _accounts[account];
        for (uint8 r = uint8(Role.CUSTOMER); r <= uint8(Role.ARBITER); r++) {
            if (_statusOf(a, Role(r)) == MemberStatus.Active) return true;
        }
        return false;
    }

    function isVotingMember(address account) external view returns (bool) {
        return _isVoter(_accounts[account]);
    }

    function memberStatus(address account, Role role) external view returns (MemberStatus) {
        return _statusOf(_accounts[account], role);
    }

    function votingMembers() external view returns (address[] memory) {
        address[] memory members = new address[](_voterCount);
        uint256 n;
        for (uint256 i = 0; i < _voterAccounts.length; i++) {
            address a = _voterAccounts[i];
            if (_isVoter(_accounts[a])) members[n++] = a;
        }
        return members;
    }

    function membersWithRole(Role role) external view returns (address[] memory) {
        if (role == Role.ARBITER) return _activeArbiters;
        address[] storage ever = _everHeld[role];
        address[] memory members = new address[](ever.length);
        uint256 n;
        for (uint256 i = 0; i < ever.length; i++) {
            if (_statusOf(_accounts[ever[i]], role) == MemberStatus.Active) members[n++] = ever[i];
        }
        assembly ("memory-safe") {
            mstore(members, n)
        }
        return members;
    }

    function minerSigners() external view returns (address[] memory) {
        address[] storage ever = _everHeld[Role.MINER];
        address[] memory signers = new address[](_activeMiners);
        uint256 n;
        for (uint256 i = 0; i < ever.length; i++) {
            Account storage a = _accounts[ever[i]];
            if (_statusOf(a, Role.MINER) == MemberStatus.Active) signers[n++] = a.signer;
        }
        return signers;
    }

    /// @notice Not in IMemberRegistry: the Arbitration's panel draw. With E = the active ARBITERs
    ///  minus `skipA` and `skipB`, ascending, and n = E.length, returns n and, when n >= 3,
    ///  panel[i] = E[(seed % n + i) % n].
    /// @dev The gas depends on the parties and the committee, never on the seed (a job id, which
    ///  two chains that mined the same jobs in another order assign differently). When no party
    ///  is an active ARBITER, E is the sorted list itself: three reads. Otherwise the parties'
    ///  ranks come from binary searches, and a seat that a search has already read would be a warm
    ///  read (EIP-2929: 100 gas instead of 2 100), so each seat is balanced by one more read: of
    ///  the seat again when it was cold, of a ballast slot that nothing writes when it was warm.
    function drawArbiters(uint256 seed, address skipA, address skipB) external view returns (address[3] memory panel, uint256 n) {
        bool skipsA = _statusOf(_accounts[skipA], Role.ARBITER) == MemberStatus.Active;
        bool skipsB = skipB != skipA && _statusOf(_accounts[skipB], Role.ARBITER) == MemberStatus.Active;
        uint256 m = _activeArbiters.length;
        if (!skipsA && !skipsB) {
            if (m < 3) return (panel, m);
            uint256 start = seed % m;
            for (uint256 i = 0; i < 3; i++) {
                panel[i] = _activeArbiters[(start + i) % m];
            }
            return (panel, m);
        }
        uint256 rankA = type(uint256).max;
        uint256 rankB = type(uint256).max;
        uint256 readA;
        uint256 readB;
        if (skipsA) (, rankA, readA) = _arbiterRank(skipA);
        if (skipsB) (, rankB, readB) = _arbiterRank(skipB);
        if (rankB < rankA) (rankA, rankB) = (rankB, rankA);
        n = m - (skipsA ? 1 : 0) - (skipsB ? 1 : 0);
        if (n < 3) return (panel, n);
        uint256 read = readA | readB;
        uint256 s = seed % n;
        bytes32 ballast = _DRAW_BALLAST;
        assembly ("memory-safe") {
            mstore(0x00, _activeArbiters.slot)
            let entries := keccak256(0x00, 0x20)
            for { let i := 0 } lt(i, 3) { i := add(i, 1) } {
                // E[index] is the sorted list's entry after the skipped ranks below it.
                let index := mod(add(s, i), n)
                index := add(index, iszero(lt(index, rankA)))
                index := add(index, iszero(lt(index, rankB)))
                let seat := add(entries, index)
                let wasRead := and(shr(index, read), 1)
                let evener := xor(seat, mul(wasRead, xor(seat, add(ballast, i))))
                // The ballast slots hold zero, so `or` keeps the seat's address either way.
                mstore(add(panel, mul(i, 0x20)), or(sload(seat), sload(evener)))
            }
        }
    }

    function signerOf(address account) external view returns (address) {
        return _accounts[account].signer;
    }

    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        Proposal memory unknown;
        if (proposalId == 0 || proposalId > _proposals.length) return unknown;
        StoredProposal storage p = _proposals[proposalId - 1];
        bool admit = p.kind == ProposalKind.Admit;
        return Proposal({
            kind: p.kind,
            status: p.status == ProposalStatus.Pending && block.timestamp >= p.deadline ? ProposalStatus.Expired : p.status,
            role: p.role,
            account: p.account,
            signer: admit ? p.signerOrProposer : address(0),
            proposer: admit ? p.account : p.signerOrProposer,
            profileHash: p.profileHash,
            createdAt: p.deadline - _proposalPeriod,
            deadline: p.deadline,
            data: p.data
        });
    }

    function proposalCount() external view returns (uint256) {
        return _proposals.length;
    }

    function tally(uint256 proposalId) external view returns (uint256 yes, uint256 no, uint256 voters) {
        return (_count(_yes[proposalId]), _count(_no[proposalId]), _voterCount);
    }

    function hasVoted(uint256 proposalId, address voter) external view returns (bool voted, bool support) {
        uint256 index = _accounts[voter].voterIndex;
        if (index == 0) return (false, false);
        index -= 1;
        uint256 bit = 1 << (index & 255);
        support = _yes[proposalId][index >> 8] & bit != 0;
        voted = support || _no[proposalId][index >> 8] & bit != 0;
    }

    function proposalPeriod() external view returns (uint64) {
        return _proposalPeriod;
    }

    // ---- proposals ----

    function _create(
        ProposalKind kind,
        Role role,
        address account,
        address signerOrProposer,
        bytes32 profileHash,
        bytes memory data
    ) private returns (uint256 proposalId) {
        uint64 deadline = uint64(block.timestamp) + _proposalPeriod;
        StoredProposal storage p = _proposals.push();
        p.kind = kind;
        p.status = ProposalStatus.Pending;
        p.role = role;
        p.account = account;
        p.deadline = deadline;
        if (signerOrProposer != address(0)) p.signerOrProposer = signerOrProposer;
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

    function _passes(uint256 proposalId) private view returns (bool) {
        return 2 * _count(_yes[proposalId]) > _voterCount;
    }

    /// Votes in `ballots` cast by accounts that are voting members now.
    function _count(mapping(uint256 => uint256) storage ballots) private view returns (uint256 n) {
        uint256 words = (_voterAccounts.length + 255) >> 8;
        for (uint256 w = 0; w < words; w++) {
            uint256 bits = ballots[w];
            if (bits != 0) n += _popcount(bits & _activeVoters[w]);
        }
    }

    function _popcount(uint256 x) private pure returns (uint256) {
        unchecked {
            x -= (x >> 1) & 0x5555555555555555555555555555555555555555555555555555555555555555;
            x = (x & 0x3333333333333333333333333333333333333333333333333333333333333333)
                + ((x >> 2) & 0x3333333333333333333333333333333333333333333333333333333333333333);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
            return (x * 0x0101010101010101010101010101010101010101010101010101010101010101) >> 248;
        }
    }

    function _execute(uint256 proposalId, StoredProposal storage p) private {
        p.status = ProposalStatus.Executed;
        emit ProposalExecuted(proposalId);
        ProposalKind kind = p.kind;
        address account = p.account;
        Role role = p.role;
        MemberStatus status = _statusOf(_accounts[account], role);
        if (kind == ProposalKind.Admit) {
            if (status != MemberStatus.None) revert AlreadyMember(account, role);
            address signer = p.signerOrProposer;
            if (role == Role.MINER) _requireFreeSigner(signer);
            _admit(account, role, signer, proposalId, p.profileHash);
        } else if (kind == ProposalKind.Remove) {
            if (status == MemberStatus.None) revert WrongMemberStatus(account, role, status);
            _requireNotLastMiner(account, role, status);
            _setStatus(account, role, MemberStatus.None);
            emit MemberRemoved(account, role, proposalId);
            if (status == MemberStatus.Active) _deactivated(account, role);
            if (role == Role.MINER) {
                delete _signerHolder[_accounts[account].signer];
                _accounts[account].signer = address(0);
            }
        } else if (kind == ProposalKind.Suspend) {
            if (status != MemberStatus.Active) revert WrongMemberStatus(account, role, status);
            _requireNotLastMiner(account, role, status);
            _setStatus(account, role, MemberStatus.Suspended);
            emit MemberSuspended(account, role, proposalId);
            _deactivated(account, role);
        } else if (kind == ProposalKind.Reinstate) {
            if (status != MemberStatus.Suspended) revert WrongMemberStatus(account, role, status);
            emit MemberReinstated(account, role, proposalId);
            _activate(account, role);
        } else {
            (bool ok, bytes memory returnData) = account.call(p.data);
            if (!ok) revert CallFailed(returnData);
        }
    }

    // ---- membership state ----

    function _admit(address account, Role role, address signer, uint256 proposalId, bytes32 profileHash) private {
        Account storage a = _accounts[account];
        if (role == Role.MINER) {
            a.signer = signer;
            _signerHolder[signer] = account;
        }
        uint8 flag = uint8(1 << uint8(role));
        if (role != Role.ARBITER && a.listed & flag == 0) {
            a.listed |= flag;
            _everHeld[role].push(account);
        }
        emit MemberAdmitted(account, role, proposalId, profileHash);
        _activate(account, role);
    }

    function _activate(address account, Role role) private {
        Account storage a = _accounts[account];
        bool wasVoter = _isVoter(a);
        _setStatus(account, role, MemberStatus.Active);
        if (!wasVoter && _isVoter(a)) {
            if (a.voterIndex == 0) {
                _voterAccounts.push(account);
                a.voterIndex = uint32(_voterAccounts.length);
            }
            uint256 index = a.voterIndex - 1;
            _activeVoters[index >> 8] |= 1 << (index & 255);
            _voterCount += 1;
        }
        if (role == Role.ARBITER) _insertArbiter(account);
        if (role == Role.MINER) {
            _activeMiners += 1;
            emit MinerSignerAdded(account, a.signer);
        }
    }

    /// After the role stopped being Active (the caller has set the new status).
    function _deactivated(address account, Role role) private {
        Account storage a = _accounts[account];
        if ((role == Role.PROVIDER || role == Role.MINER) && !_isVoter(a)) {
            uint256 index = a.voterIndex - 1;
            _activeVoters[index >> 8] &= ~(1 << (index & 255));
            _voterCount -= 1;
        }
        if (role == Role.ARBITER) _removeArbiter(account);
        if (role == Role.MINER) {
            _activeMiners -= 1;
            emit MinerSignerRemoved(account, a.signer);
        }
    }

    /// Whether `account` is an active ARBITER, and else where it would be inserted; `read` has bit
    /// i set for each entry i the search read.
    function _arbiterRank(address account) private view returns (bool found, uint256 rank, uint256 read) {
        uint256 low = 0;
        uint256 high = _activeArbiters.length;
        while (low < high) {
            uint256 mid = (low + high) >> 1;
            read |= 1 << mid;
            address a = _activeArbiters[mid];
            if (a == account) return (true, mid, read);
            if (a < account) low = mid + 1;
            else high = mid;
        }
        return (false, low, read);
    }

    function _insertArbiter(address account) private {
        uint256 m = _activeArbiters.length;
        if (m >= MAX_ARBITERS) revert TooManyArbiters(MAX_ARBITERS);
        (, uint256 rank,) = _arbiterRank(account);
        _activeArbiters.push(account);
        for (uint256 i = m; i > rank; i--) {
            _activeArbiters[i] = _activeArbiters[i - 1];
        }
        if (rank < m) _activeArbiters[rank] = account;
    }

    function _removeArbiter(address account) private {
        (, uint256 rank,) = _arbiterRank(account); // active: the caller has just deactivated it
        uint256 last = _activeArbiters.length - 1;
        for (uint256 i = rank; i < last; i++) {
            _activeArbiters[i] = _activeArbiters[i + 1];
        }
        _activeArbiters.pop();
    }

    function _setStatus(address account, Role role, MemberStatus status) private {
        Account storage a = _accounts[account];
        uint256 shift = 2 * uint256(uint8(role));
        a.statuses = uint16((a.statuses & ~(uint256(3) << shift)) | (uint256(uint8(status)) << shift));
    }

    function _statusOf(Account storage a, Role role) private view returns (MemberStatus) {
        return MemberStatus((a.statuses >> (2 * uint256(uint8(role)))) & 3);
    }

    function _isVoter(Account storage a) private view returns (bool) {
        return _statusOf(a, Role.PROVIDER) == MemberStatus.Active || _statusOf(a, Role.MINER) == MemberStatus.Active;
    }

    function _requireFreeSigner(address signer) private view {
        if (signer == address(0)) revert SignerRequired();
        if (_signerHolder[signer] != address(0)) revert SignerInUse(signer);
    }

    function _requireNotLastMiner(address account, Role role, MemberStatus status) private view {
        if (role == Role.MINER && status == MemberStatus.Active && _activeMiners == 1) revert LastMiner(account);
    }
}
