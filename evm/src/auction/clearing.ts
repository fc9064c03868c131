/**
 * The continuous clearing auction's clearing (evm.md §6.7), as a model the scripts and tests run:
 * all prices Q96, all amounts integer base units.
 *
 * One round (`clearRound`): demand = the per-round budgets of bids priced strictly above the
 * current clearing price; walk the bid ticks upward, passing a tick while that demand could still
 * buy the whole supply at it (and dropping the bids at it); clearing = max(current, last tick
 * passed, ⌈demand / supply⌉). Bids above it fill fully, bids at it share what is left pro rata,
 * bids below are outbid.
 *
 * The auction (`simulateAuction`): per block, the schedule releases supply × mps / 10^7; a bid's
 * budget is spread over the schedule remaining after it was placed; the clearing price never
 * decreases; an outbid bid's unspent budget is refunded.
 */
import { EvmScriptError } from "../errors.ts"
import { Q96 } from "./price.ts"
import { MPS, mpsAt, type Step } from "./steps.ts"

export interface RoundBid {
  readonly maxPrice: bigint
  readonly budget: bigint
}

export interface RoundResult {
  readonly clearing: bigint
  /** per bid, in input order */
  readonly tokens: ReadonlyArray<bigint>
  readonly spent: ReadonlyArray<bigint>
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

export const clearRound = (bids: ReadonlyArray<RoundBid>, supply: bigint, current: bigint): RoundResult => {
  if (supply <= 0n) return { clearing: current, tokens: bids.map(() => 0n), spent: bids.map(() => 0n) }
  let demand = bids.filter((b) => b.maxPrice > current).reduce((s, b) => s + b.budget, 0n)
  const ticks = [...new Set(bids.filter((b) => b.maxPrice > current).map((b) => b.maxPrice))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let passed = current
  for (const t of ticks) {
    if (demand * Q96 < supply * t) break
    passed = t
    demand -= bids.filter((b) => b.maxPrice === t).reduce((s, b) => s + b.budget, 0n)
  }
  const needed = demand === 0n ? 0n : ceilDiv(demand * Q96, supply)
  const clearing = [current, passed, needed].reduce((m, v) => (v > m ? v : m), 0n)
  const tokens = bids.map(() => 0n)
  const spent = bids.map(() => 0n)
  let sold = 0n
  bids.forEach((b, i) => {
    if (b.maxPrice <= clearing) return
    tokens[i] = (b.budget * Q96) / clearing
    spent[i] = b.budget
    sold += tokens[i] ?? 0n
  })
  const atClearing = bids.map((b, i) => ({ b, i })).filter(({ b }) => b.maxPrice === clearing)
  const left = supply > sold ? supply - sold : 0n
  const atDemand = atClearing.reduce((s, { b }) => s + (b.budget * Q96) / clearing, 0n)
  for (const { b, i } of atClearing) {
    const full = (b.budget * Q96) / clearing
    const got = atDemand <= left ? full : (full * left) / atDemand
    tokens[i] = got
    spent[i] = full === 0n ? 0n : (b.budget * got) / full
  }
  return { clearing, tokens, spent }
}

export interface AuctionBid {
  readonly bidder: string
  readonly maxPrice: bigint
  readonly amount: bigint
  /** block offset from the auction's start at which the bid was placed */
  readonly placedAt: bigint
}

export interface BidOutcome {
  readonly bidder: string
  readonly maxPrice: bigint
  readonly amount: bigint
  readonly tokensFilled: bigint
  readonly spent: bigint
  readonly refund: bigint
  readonly outbidAt: bigint | null
}

export interface AuctionResult {
  readonly clearing: bigint
  readonly raised: bigint
  readonly sold: bigint
  readonly unsold: bigint
  readonly bids: ReadonlyArray<BidOutcome>
  /** the clearing price after each tranche boundary (block offset, price) */
  readonly path: ReadonlyArray<{ readonly offset: bigint; readonly clearing: bigint }>
}

/** a bound on the simulated blocks (the planning maximum is six weeks of 12-second blocks) */
export const AUCTION_BLOCKS_MAX = 400_000n
export const AUCTION_BIDS_MAX = 10_000

export const simulateAuction = (params: { readonly supply: bigint; readonly floor: bigint; readonly steps: ReadonlyArray<Step>; readonly duration: bigint }, bids: ReadonlyArray<AuctionBid>): AuctionResult => {
  if (params.duration > AUCTION_BLOCKS_MAX) throw new EvmScriptError("InvalidSchedule", `more than ${AUCTION_BLOCKS_MAX} blocks`)
  if (bids.length > AUCTION_BIDS_MAX) throw new EvmScriptError("InvalidInput", `more than ${AUCTION_BIDS_MAX} bids`)
  for (const b of bids) {
    if (b.maxPrice <= params.floor) throw new EvmScriptError("InvalidInput", `bid of ${b.bidder} at ${b.maxPrice} is not above the floor`)
    if (b.placedAt < 0n || b.placedAt >= params.duration) throw new EvmScriptError("InvalidInput", `bid of ${b.bidder} placed outside the auction`)
  }
  const cum: bigint[] = []
  let c = 0n
  for (let o = 0n; o < params.duration; o++) {
    cum.push(c)
    c += mpsAt(params.steps, o)
  }
  interface BidState {
    readonly b: AuctionBid
    tokens: bigint
    spent: bigint
    outbidAt: bigint | null
    readonly remainingMps: bigint
  }
  const state = bids.map((b): BidState => ({ b, tokens: 0n, spent: 0n, outbidAt: null, remainingMps: MPS - (cum[Number(b.placedAt)] ?? 0n) }))
  let clearing = params.floor
  let sold = 0n
  const path: Array<{ offset: bigint; clearing: bigint }> = []
  let lastMps = -1n
  for (let o = 0n; o < params.duration; o++) {
    const mps = mpsAt(params.steps, o)
    const supply = (params.supply * mps) / MPS
    const active = state.filter((s) => s.b.placedAt <= o && s.outbidAt === null)
    const round = clearRound(
      active.map((s) => ({ maxPrice: s.b.maxPrice, budget: (s.b.amount * mps) / s.remainingMps })),
      supply,
      clearing
    )
    clearing = round.clearing
    active.forEach((s, i) => {
      if (s.b.maxPrice < clearing) {
        s.outbidAt = o
        return
      }
      s.tokens += round.tokens[i] ?? 0n
      s.spent += round.spent[i] ?? 0n
      sold += round.tokens[i] ?? 0n
    })
    if (mps !== lastMps) {
      path.push({ offset: o, clearing })
      lastMps = mps
    }
  }
  const outcomes = state.map((s) => ({ bidder: s.b.bidder, maxPrice: s.b.maxPrice, amount: s.b.amount, tokensFilled: s.tokens, spent: s.spent, refund: s.b.amount - s.spent, outbidAt: s.outbidAt }))
  const raised = outcomes.reduce((t, b) => t + b.spent, 0n)
  return { clearing, raised, sold, unsold: params.supply - sold, bids: outcomes, path }
}
