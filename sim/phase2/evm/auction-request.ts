/**
 * The phase-2 auction in the contracts' units: the model's bids (micro-USDT per whole RNG, USDT
 * base-unit budgets, block offsets) as the evm:cca run's (Q96 prices per base unit, the same
 * budgets and offsets), and the EVM outcome back in the model's units for the comparison.
 */
import { priceQ96, Q96 } from "../../../evm/src/auction/price.ts"
import type { Bid } from "../auction.ts"
import type { ConvertibilityParams } from "../convertibility.ts"
import type { AuctionOutcome, AuctionRequest } from "./protocol.ts"

const RNG_BASE = 10n ** 18n
const USDT_BASE = 1_000_000n

export const auctionRequest = (p: ConvertibilityParams, bids: ReadonlyArray<Bid>): AuctionRequest => ({
  supply: p.auction_supply_rng * RNG_BASE,
  floor_q96: priceQ96(p.floor_micro),
  tick_q96: priceQ96(p.tick_micro),
  duration_blocks: p.duration_blocks,
  pool_reserve: p.liquidity_rng * RNG_BASE,
  recovery_target: p.recovery_target_vusdt * USDT_BASE,
  bids: bids.map((b) => ({ bidder: b.bidder, max_price_q96: priceQ96(b.max_price), amount: b.budget, placed_at: BigInt(b.block) }))
})

/** a Q96 price as micro-USDT per whole RNG, rounded up (a micro price → Q96 → back is exact) */
export const microOfQ96 = (q: bigint): bigint => (q * RNG_BASE + Q96 - 1n) / Q96

/** the EVM auction in the model's units: clearing (micro), raised, pool USDT, recovery (USDT base units), RNG base units → micro-RNG */
export const evmInModelUnits = (o: AuctionOutcome) => ({
  clearing_price: microOfQ96(o.clearing_q96),
  raised: o.raised,
  pool_usdt: o.pool_currency,
  pool_rng_micro: o.pool_tokens / 10n ** 12n,
  recovery: o.recovery_funded
})
