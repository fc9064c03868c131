/** The contracts evm/abi/ exports, by artifact name and the exported constant's name. */
export const CONTRACTS = [
  { name: "RNGToken", constant: "rngToken" },
  { name: "MockUSDT", constant: "mockUsdt" },
  { name: "BogoDistributor", constant: "bogoDistributor" },
  { name: "FeeDistributor", constant: "feeDistributor" },
  { name: "RecoveryPool", constant: "recoveryPool" },
  { name: "BridgeLockbox", constant: "bridgeLockbox" }
] as const
