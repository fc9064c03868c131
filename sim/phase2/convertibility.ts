/**
 * Phase 2 as the recovery operator sees it on the opening day: the freeroll snapshot from chain,
 * a seeded bidder population (evm.md §6.8: max price 1.2–1.7× the floor on the tick grid, budgets
 * uniform in [min, max]; bidder i is linked to the i-th player of the snapshot), the auction model
 * (auction.ts), the BOGO bonus capped by the linked players' credits (bogo.ts) and the proceeds'
 * waterfall (waterfall.ts), whose recovery tranche becomes FundRecoveryPool on chain (1 vUSDT = 1
 * USDT = 10⁶ base units).
 */
import { utf8 } from "../../engine/codec/bytes.ts"
import { deriveStream } from "../../engine/random/stream.ts"
import type { StateStore } from "../../engine/state/store.ts"
import { simSeedBytes } from "../agents/draw.ts"
import { freerollSnapshot, type FreerollSnapshot } from "../ops/freeroll-snapshot.ts"
import { runAuction, stepsFor, type AuctionResult, type Bid } from "./auction.ts"
import { bonusClaims, type BonusClaim } from "./bogo.ts"
import { waterfall, type Waterfall } from "./waterfall.ts"

export const USDT_UNIT = 1_000_000n

export interface ConvertibilityParams {
  readonly seed: string
  readonly auction_supply_rng: bigint
  readonly floor_micro: bigint
  readonly tick_micro: bigint
  readonly duration_blocks: bigint
  readonly bidders: number
  readonly bid_min_usdt: number
  readonly bid_max_usdt: number
  readonly required_raise_usdt: bigint
  readonly liquidity_rng: bigint
  readonly recovery_target_vusdt: bigint
  readonly bonus_pool_rng: bigint
}

export interface ConvertibilityOutcome {
  readonly snapshot: FreerollSnapshot
  readonly bids: ReadonlyArray<Bid>
  readonly auction: AuctionResult
  readonly bonus: ReadonlyArray<BonusClaim>
  readonly waterfall: Waterfall
  /** vUSDT units to fund the recovery pool with */
  readonly recovery_vusdt: bigint
}

export const bidsFor = (p: ConvertibilityParams): Bid[] => {
  const rng = deriveStream(simSeedBytes(p.seed), "auction-bids", 0n, 0)
  return Array.from({ length: p.bidders }, (_, i) => {
    let max_price = (p.floor_micro * BigInt(12_000 + rng.bounded(5_000))) / 10_000n
    if (max_price <= p.floor_micro) max_price = p.floor_micro + p.tick_micro
    max_price -= max_price % p.tick_micro
    const budget = BigInt(p.bid_min_usdt) * USDT_UNIT + BigInt(rng.bounded((p.bid_max_usdt - p.bid_min_usdt) * 1_000_000 + 1))
    return { id: i, bidder: `0x${utf8(`bidder-${i}`).reduce((a, b) => a + b.toString(16).padStart(2, "0"), "").padEnd(40, "0").slice(0, 40)}`, max_price, budget, block: rng.bounded(Number(p.duration_blocks)) }
  })
}

export const convertibility = (store: StateStore, at: { readonly view: bigint; readonly height: bigint }, p: ConvertibilityParams): ConvertibilityOutcome => {
  const snapshot = freerollSnapshot(store, { ...at, generated_at_unix: Number((at.view * 3n) / 1n) }, { unlocked_only: false, min_credits: 0n })
  const bids = bidsFor(p)
  const steps = stepsFor(p.duration_blocks, [
    { share_bps: 2_000n, weight: 10n },
    { share_bps: 3_000n, weight: 30n },
    { share_bps: 5_000n, weight: 60n }
  ])
  const auction = runAuction(
    { supply: p.auction_supply_rng * USDT_UNIT, floor_price: p.floor_micro, tick: p.tick_micro, steps, required_raise: p.required_raise_usdt * USDT_UNIT },
    bids
  )
  // bidder i ↔ snapshot player i: a bidder's bonus cap is that player's credits (whole RNG → micro-RNG)
  const caps = new Map<string, bigint>()
  bids.forEach((b, i) => caps.set(b.bidder, (snapshot.players[i]?.freeroll_credits_total ?? 0n) * USDT_UNIT))
  const bonus = bonusClaims(
    auction.bids.map((b) => ({ bidder: b.bidder, tokens: b.tokens, successful: b.tokens > 0n })),
    caps,
    p.bonus_pool_rng * USDT_UNIT
  )
  const liquidity_usdt = (p.liquidity_rng * auction.clearing_price * USDT_UNIT) / USDT_UNIT
  const w = auction.graduated ? waterfall(auction.raised, liquidity_usdt, p.recovery_target_vusdt * USDT_UNIT) : waterfall(0n, 0n, 0n)
  return { snapshot, bids, auction, bonus, waterfall: w, recovery_vusdt: w.recovery / USDT_UNIT }
}
