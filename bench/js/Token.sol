// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// The benchmark's ERC-20: OpenZeppelin's, with the whole supply minted to the deployer.
contract Token is ERC20 {
    constructor() ERC20("Print Credit", "PRC") {
        _mint(msg.sender, 1e30);
    }
}
