// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title RNGToken: the canonical RNG on EVM, a plain capped ERC-20 (evm.md §3.1).
/// @notice The owner (the treasury) mints up to `cap`, once distributed it holds no power over
///         balances: no burn hook, no pause, no fees. Ownership moves in two steps so that a
///         mistyped governance address cannot take the mint right into the void.
contract RNGToken is ERC20, Ownable2Step {
    uint256 public immutable cap;

    constructor(string memory name_, string memory symbol_, uint256 cap_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {
        require(cap_ > 0, "RNGToken: cap=0");
        cap = cap_;
    }

    /// @notice mint `amount` to `to`; the supply never exceeds `cap` (emits Transfer from 0)
    function mint(address to, uint256 amount) external onlyOwner {
        require(totalSupply() + amount <= cap, "RNGToken: cap exceeded");
        _mint(to, amount);
    }

    /// @notice the launcher's virtual-LBP flow asks the token for its underlying: itself
    function UNDERLYING_TOKEN_ADDRESS() external view returns (address) {
        return address(this);
    }
}
