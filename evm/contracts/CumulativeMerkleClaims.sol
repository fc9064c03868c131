// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title CumulativeMerkleClaims: the claim math both distributors share (evm.md §3.3, §3.4, §4, §9).
/// @notice A root commits to cumulative entitlements, leaf = keccak256(abi.encodePacked(account,
///         total)); a claim pays `total - claimed[account]` and records `total`. The owner may pause
///         claims, and may sweep what is left only once a deadline is set and has passed (or while no
///         deadline is set, for the fee distributor's rounds). Revert strings carry the contract's
///         name (`_name()`) so each distributor keeps its own strings.
abstract contract CumulativeMerkleClaims is Ownable2Step {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;
    bytes32 public merkleRoot;
    uint256 public claimDeadline;
    bool public paused;
    mapping(address => uint256) public claimed;

    event Claimed(address indexed account, uint256 amount, uint256 totalClaimed);
    event Paused(bool paused);
    event Seeded(address indexed from, uint256 amount);
    event Swept(address indexed recipient, uint256 amount);

    constructor(IERC20 token_) {
        token = token_;
    }

    function _name() internal pure virtual returns (string memory);

    /// @dev whether sweeping is allowed while no deadline is set
    function _sweepWithoutDeadline() internal pure virtual returns (bool);

    function _fail(string memory what) internal pure {
        revert(string.concat(_name(), ": ", what));
    }

    function _setRoot(bytes32 root, uint256 deadline) internal {
        if (deadline != 0 && deadline <= block.timestamp) _fail("bad deadline");
        merkleRoot = root;
        claimDeadline = deadline;
    }

    function setPaused(bool paused_) external onlyOwner {
        paused = paused_;
        emit Paused(paused_);
    }

    /// @notice pull `amount` tokens from the owner into the distributor
    function seed(uint256 amount) external onlyOwner {
        if (amount == 0) _fail("amount=0");
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Seeded(msg.sender, amount);
    }

    /// @notice claim the difference between `totalEligible` (proven against the root) and what was already paid
    function claim(uint256 totalEligible, bytes32[] calldata proof) external returns (uint256 paid) {
        if (paused) _fail("paused");
        uint256 deadline = claimDeadline;
        if (deadline != 0 && block.timestamp > deadline) _fail("claim closed");
        if (totalEligible == 0) _fail("ineligible");
        bytes32 leaf = keccak256(abi.encodePacked(msg.sender, totalEligible));
        if (!MerkleProof.verifyCalldata(proof, merkleRoot, leaf)) _fail("invalid proof");
        uint256 before = claimed[msg.sender];
        if (before >= totalEligible) _fail("already claimed");
        paid = totalEligible - before;
        claimed[msg.sender] = totalEligible;
        token.safeTransfer(msg.sender, paid);
        emit Claimed(msg.sender, paid, totalEligible);
    }

    /// @notice send the whole remaining balance to `recipient` once claims are over
    function sweep(address recipient) external onlyOwner returns (uint256 amount) {
        if (recipient == address(0)) _fail("recipient=0");
        uint256 deadline = claimDeadline;
        if (deadline == 0 ? !_sweepWithoutDeadline() : block.timestamp <= deadline) _fail("claim active");
        amount = token.balanceOf(address(this));
        if (amount == 0) _fail("empty");
        token.safeTransfer(recipient, amount);
        emit Swept(recipient, amount);
    }
}
