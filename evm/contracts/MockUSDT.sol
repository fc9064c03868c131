// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title MockUSDT: the test currency (evm.md §3.2), deployed only when no real one is configured.
contract MockUSDT is ERC20, Ownable {
    uint8 private immutable decimals_;

    constructor(address owner_, uint8 currencyDecimals) ERC20("Mock USDT", "mUSDT") Ownable(owner_) {
        decimals_ = currencyDecimals;
    }

    function decimals() public view override returns (uint8) {
        return decimals_;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
