// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title RecoveryPool: USDT custody for retiring phase-1 vUSDT debt (evm.md §3.5, §7).
/// @notice `fund` and `repay` move the audited ledger (totalFunded, totalRepaid); `sweep` pays out
///         without touching it (e.g. a surplus back to the treasury).
contract RecoveryPool is Ownable2Step {
    using SafeERC20 for IERC20;

    IERC20 public immutable currency;
    uint256 public totalFunded;
    uint256 public totalRepaid;

    event Funded(address indexed from, uint256 amount, uint256 totalFunded);
    event Repaid(address indexed recipient, uint256 amount, uint256 totalRepaid);
    event Swept(address indexed recipient, uint256 amount);

    constructor(address owner_, IERC20 currency_) Ownable(owner_) {
        currency = currency_;
    }

    function fund(uint256 amount) external onlyOwner {
        require(amount > 0, "RecoveryPool: amount=0");
        currency.safeTransferFrom(msg.sender, address(this), amount);
        totalFunded += amount;
        emit Funded(msg.sender, amount, totalFunded);
    }

    function repay(address recipient, uint256 amount) external onlyOwner {
        _check(recipient, amount);
        totalRepaid += amount;
        currency.safeTransfer(recipient, amount);
        emit Repaid(recipient, amount, totalRepaid);
    }

    function sweep(address recipient, uint256 amount) external onlyOwner {
        _check(recipient, amount);
        currency.safeTransfer(recipient, amount);
        emit Swept(recipient, amount);
    }

    function _check(address recipient, uint256 amount) private pure {
        require(recipient != address(0), "RecoveryPool: recipient=0");
        require(amount > 0, "RecoveryPool: amount=0");
    }
}
