/** Consensus-critical constants (chain-and-services.md §7, economy.md §1.2). */
export const SECONDS_PER_VIEW = 3n
export const SECONDS_PER_DAY = 86_400n

export const MAX_TRANSACTIONS_PER_BLOCK = 500
export const MAX_TRANSACTIONS_PER_SUBMISSION = 128
export const MAX_MOVE_PAYLOAD_BYTES = 256
export const MAX_PLAYER_NAME_BYTES = 32
export const MAX_BRIDGE_BYTES = 64

/** Namespace of transaction signatures; distinct per network. */
export const TRANSACTION_NAMESPACE = "_NULLSPACE_TX"
export const GENESIS_NAMESPACE = "_NULLSPACE_GENESIS"

export const INITIAL_CHIPS = 1_000n
export const FAUCET_AMOUNT = 1_000n
export const FAUCET_RATE_LIMIT_VIEWS = 100n
export const FAUCET_MIN_ACCOUNT_AGE_SECS = 86_400n
export const FAUCET_MIN_SESSIONS = 3n
