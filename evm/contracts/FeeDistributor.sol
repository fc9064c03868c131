// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CumulativeMerkleClaims} from "./CumulativeMerkleClaims.sol";

/// @title FeeDistributor: pool swap fees (USDT) to RNG stakers by cumulative epoch roots (evm.md §3.4, §9).
/// @notice Governance (the owner, moved in two steps to the multisig) publishes roots whose epoch
///         never decreases, seeds currency, pauses, and sweeps once the claim window closed.
contract FeeDistributor is CumulativeMerkleClaims {
    uint256 public distributionEpoch;

    event MerkleRootUpdated(bytes32 root, uint256 deadline, uint256 epoch);

    constructor(address owner_, IERC20 currency_) CumulativeMerkleClaims(currency_) Ownable(owner_) {}

    function _name() internal pure override returns (string memory) {
        return "FeeDistributor";
    }

    function _sweepWithoutDeadline() internal pure override returns (bool) {
        return true;
    }

    function currency() external view returns (IERC20) {
        return token;
    }

    function setMerkleRoot(bytes32 root, uint256 deadline, uint256 epoch) external onlyOwner {
        if (epoch < distributionEpoch) _fail("epoch regressed");
        _setRoot(root, deadline);
        distributionEpoch = epoch;
        emit MerkleRootUpdated(root, deadline, epoch);
    }
}
