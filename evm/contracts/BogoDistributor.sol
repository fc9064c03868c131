// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CumulativeMerkleClaims} from "./CumulativeMerkleClaims.sol";

/// @title BogoDistributor: the "buy one, get one" bonus in RNG (evm.md §3.3).
/// @notice Defect 12 fixed: the owner can pause claims and, once a deadline has passed, sweep the
///         unclaimed bonus (with no deadline set the bonus can never be swept from claimants).
contract BogoDistributor is CumulativeMerkleClaims {
    event MerkleRootUpdated(bytes32 root, uint256 deadline);

    constructor(address owner_, IERC20 rng_) CumulativeMerkleClaims(rng_) Ownable(owner_) {}

    function _name() internal pure override returns (string memory) {
        return "BogoDistributor";
    }

    function _sweepWithoutDeadline() internal pure override returns (bool) {
        return false;
    }

    function rng() external view returns (IERC20) {
        return token;
    }

    function setMerkleRoot(bytes32 root, uint256 deadline) external onlyOwner {
        _setRoot(root, deadline);
        emit MerkleRootUpdated(root, deadline);
    }
}
