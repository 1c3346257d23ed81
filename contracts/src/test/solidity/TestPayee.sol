// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// A payee for the platform suite: a contract that acts for its owner (registers, owns a design,
/// withdraws) and whose receive() accepts, refuses, or re-enters the Escrow's withdraw().
/// A re-entry's revert is caught and kept, so the suite can decode which error refused it.
contract TestPayee {
    enum Mode { Accept, Refuse, Reenter }

    address private immutable _owner;
    Mode public mode;
    uint256 public reentryAttempts;
    bytes public lastReentryError;

    constructor() {
        _owner = msg.sender;
    }

    function setMode(Mode m) external {
        require(msg.sender == _owner, "owner only");
        mode = m;
    }

    /// Calls `target` with `data` as this contract; bubbles a revert up unchanged.
    function exec(address target, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == _owner, "owner only");
        (bool ok, bytes memory result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {
        if (mode == Mode.Refuse) revert("payee refuses");
        if (mode == Mode.Reenter) {
            reentryAttempts += 1;
            (bool ok, bytes memory reason) = msg.sender.call(abi.encodeWithSignature("withdraw()"));
            if (ok) revert("re-entry succeeded");
            lastReentryError = reason;
        }
    }
}
