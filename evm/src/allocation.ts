/** Units, supply and allocation constants (evm.md §2): integer base units, bigint only. */
export const RNG_DECIMALS = 18
export const RNG_UNIT = 10n ** 18n
export const USDT_DECIMALS = 6
export const USDT_UNIT = 10n ** 6n
export const TOTAL_SUPPLY = 1_000_000_000n * RNG_UNIT

const share = (percent: bigint): bigint => (TOTAL_SUPPLY * percent) / 100n

export const ALLOCATIONS = {
  total: TOTAL_SUPPLY,
  auction: share(20n),
  liquidity: share(10n),
  bonus: share(15n),
  player: share(35n),
  treasury: share(15n),
  team: share(5n)
} as const

/** the launcher's total: auction + liquidity */
export const LBP_TOTAL = ALLOCATIONS.auction + ALLOCATIONS.liquidity
/** the share of LBP_TOTAL the auction gets, in units of 1e-7 */
export const TOKEN_SPLIT_TO_AUCTION = (ALLOCATIONS.auction * 10_000_000n) / LBP_TOTAL
export const AUCTION_SUPPLY = (LBP_TOTAL * TOKEN_SPLIT_TO_AUCTION) / 10_000_000n
export const POOL_RESERVE = LBP_TOTAL - AUCTION_SUPPLY
export const RECOVERY_TARGET = 20_000_000n * USDT_UNIT
