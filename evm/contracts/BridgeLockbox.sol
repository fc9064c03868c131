// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title BridgeLockbox: lock/release of RNG for the casino-chain bridge (evm.md §3.6, §8).
/// @notice Defect 13 fixed. Deposits are whole RNG (one chip = 10^18 base units, so nothing can be
///         stranded by a fraction the casino chain cannot credit), to a non-zero 32-byte player key,
///         and each gets a sequential id and a `depositKey` unique to this chain and lockbox (the
///         casino chain's BridgeDeposit source; several deposits in one EVM transaction stay apart).
///         Withdrawals are sent by the relayer role only (separate from the owner), each `source`
///         at most once (replay protection), within a per-transaction cap and a rolling daily cap;
///         amounts at or above `delayThreshold` are queued for `delay_s` seconds, during which the
///         owner may cancel them; anyone may release a queued withdrawal after its delay.
///         The owner (or the guardian) pauses deposits, withdrawals and releases.
contract BridgeLockbox is Ownable2Step {
    using SafeERC20 for IERC20;

    uint256 public constant CHIP = 1e18;
    uint256 public constant DAY_S = 1 days;

    IERC20 public immutable rng;
    address public relayer;
    address public guardian;
    bool public paused;

    uint256 public perTxCap;
    uint256 public dailyCap;
    uint256 public delayThreshold;
    uint256 public delay_s;

    uint256 public windowStart;
    uint256 public windowWithdrawn;

    uint64 public nextDepositId;
    uint256 public totalDeposited;
    uint256 public totalReleased;
    uint256 public totalQueued;

    struct Queued {
        address to;
        uint256 amount;
        uint64 releaseAt;
    }

    /// @notice 0 = unseen, 1 = released, 2 = queued, 3 = cancelled
    mapping(bytes32 => uint8) public processed;
    mapping(bytes32 => Queued) public queued;

    event Deposited(address indexed from, uint256 amount, bytes32 destination, uint64 indexed id, bytes32 depositKey);
    event Withdrawn(address indexed to, uint256 amount, bytes32 source);
    event WithdrawalQueued(address indexed to, uint256 amount, bytes32 source, uint64 releaseAt);
    event WithdrawalCancelled(bytes32 source, uint256 amount);
    event Paused(bool paused);
    event RelayerSet(address relayer);
    event GuardianSet(address guardian);
    event LimitsSet(uint256 perTxCap, uint256 dailyCap, uint256 delayThreshold, uint256 delay_s);

    constructor(address owner_, IERC20 rng_) Ownable(owner_) {
        rng = rng_;
        relayer = owner_;
        emit RelayerSet(owner_);
    }

    modifier whenNotPaused() {
        require(!paused, "BridgeLockbox: paused");
        _;
    }

    /// @notice the casino chain's deposit source for deposit `id` of this lockbox
    function depositKeyOf(uint64 id) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), id));
    }

    /// @notice lock `amount` (whole RNG) for the casino-chain player `destination`
    function deposit(uint256 amount, bytes32 destination) external whenNotPaused returns (uint64 id) {
        require(amount > 0, "BridgeLockbox: amount=0");
        require(amount % CHIP == 0, "BridgeLockbox: not whole");
        require(destination != bytes32(0), "BridgeLockbox: destination=0");
        id = nextDepositId;
        nextDepositId = id + 1;
        totalDeposited += amount;
        rng.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, amount, destination, id, depositKeyOf(id));
    }

    /// @notice the relayer's release for the casino-chain withdrawal `source`, once
    function withdraw(address to, uint256 amount, bytes32 source) external whenNotPaused {
        require(msg.sender == relayer, "BridgeLockbox: not relayer");
        require(to != address(0), "BridgeLockbox: to=0");
        require(amount > 0, "BridgeLockbox: amount=0");
        require(processed[source] == 0, "BridgeLockbox: source processed");
        require(perTxCap == 0 || amount <= perTxCap, "BridgeLockbox: over tx cap");
        if (block.timestamp >= windowStart + DAY_S) {
            windowStart = block.timestamp;
            windowWithdrawn = 0;
        }
        require(dailyCap == 0 || windowWithdrawn + amount <= dailyCap, "BridgeLockbox: over daily cap");
        windowWithdrawn += amount;
        if (delay_s > 0 && amount >= delayThreshold) {
            uint64 releaseAt = uint64(block.timestamp + delay_s);
            processed[source] = 2;
            queued[source] = Queued(to, amount, releaseAt);
            totalQueued += amount;
            emit WithdrawalQueued(to, amount, source, releaseAt);
        } else {
            processed[source] = 1;
            _release(to, amount, source);
        }
    }

    /// @notice release a queued withdrawal after its delay (anyone may call)
    function release(bytes32 source) external whenNotPaused {
        require(processed[source] == 2, "BridgeLockbox: not queued");
        Queued memory q = queued[source];
        require(block.timestamp >= q.releaseAt, "BridgeLockbox: delay not elapsed");
        processed[source] = 1;
        delete queued[source];
        totalQueued -= q.amount;
        _release(q.to, q.amount, source);
    }

    /// @notice the owner stops a queued withdrawal during its delay; its source stays used
    function cancel(bytes32 source) external onlyOwner {
        require(processed[source] == 2, "BridgeLockbox: not queued");
        uint256 amount = queued[source].amount;
        processed[source] = 3;
        delete queued[source];
        totalQueued -= amount;
        emit WithdrawalCancelled(source, amount);
    }

    function setPaused(bool paused_) external {
        require(msg.sender == owner() || (paused_ && msg.sender == guardian), "BridgeLockbox: not owner or guardian");
        paused = paused_;
        emit Paused(paused_);
    }

    function setRelayer(address relayer_) external onlyOwner {
        require(relayer_ != address(0), "BridgeLockbox: relayer=0");
        relayer = relayer_;
        emit RelayerSet(relayer_);
    }

    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @notice 0 disables a cap; `delay_s` 0 disables queueing
    function setLimits(uint256 perTxCap_, uint256 dailyCap_, uint256 delayThreshold_, uint256 delaySeconds) external onlyOwner {
        require(delaySeconds <= 30 days, "BridgeLockbox: delay too long");
        perTxCap = perTxCap_;
        dailyCap = dailyCap_;
        delayThreshold = delayThreshold_;
        delay_s = delaySeconds;
        emit LimitsSet(perTxCap_, dailyCap_, delayThreshold_, delaySeconds);
    }

    function _release(address to, uint256 amount, bytes32 source) private {
        totalReleased += amount;
        rng.safeTransfer(to, amount);
        emit Withdrawn(to, amount, source);
    }
}
