/**
 * A model of the continuous clearing auction (evm.md §6.4, §6.7). The auction itself runs on the
 * EVM (Uniswap CCA); this is the simulation's documented model of its clearing rule, not an
 * engine rule. Integers only: prices are USDT base units (10⁻⁶) per whole RNG ("micro"), budgets
 * USDT base units, tokens RNG base units of 10⁻⁶ (micro-RNG).
 *
 * Supply schedule: steps of (mps per block, blocks), Σ mps·blocks = 10⁷ exactly (stepsFor: the
 * rebuild's exact builder: all but the last step as the reference, the last split in two so the
 * sum is exact and tranches never decrease).
 *
 * Clearing at a block: with D = the per-block currency of the active bids whose max price is
 * strictly above the current clearing price and S the block's supply, walk the bids' price ticks
 * upward from the current price; a tick is passed while D at that tick could still buy ≥ S
 * (D ≥ S·tick), and passing it drops the demand of the bids whose max equals it. Then clearing =
 * max(last tick passed, ⌈D/S⌉). The clearing price never decreases. Bids strictly above it
 * spend their per-block budget at that price; bids exactly at it share what supply is left pro
 * rata; bids below it are outbid and refunded what they have not spent. A bid's budget is spread
 * evenly over the schedule that remains after the block it arrives in (by mps).
 */
export const MPS_TOTAL = 10_000_000n
const MICRO = 1_000_000n

export interface Step {
  readonly mps: bigint
  readonly blocks: bigint
}

/** the exact step builder for weights over fractions of the duration (evm.md §6.4 "required" builder) */
export const stepsFor = (duration_blocks: bigint, parts: ReadonlyArray<{ readonly share_bps: bigint; readonly weight: bigint }>): Step[] => {
  const weight_sum = parts.reduce((a, p) => a + p.weight, 0n)
  let remaining = MPS_TOTAL
  let blocks_left = duration_blocks
  const out: Step[] = []
  parts.forEach((p, i) => {
    const last = i === parts.length - 1
    const blocks = last ? blocks_left : (duration_blocks * p.share_bps) / 10_000n
    blocks_left -= blocks
    if (!last) {
      const total = (MPS_TOTAL * p.weight) / weight_sum
      const mps = total / blocks > 0n ? total / blocks : 1n
      out.push({ mps, blocks })
      remaining -= mps * blocks
    } else {
      const m = remaining / blocks
      const r = remaining - m * blocks
      out.push({ mps: m, blocks: blocks - r })
      if (r > 0n) out.push({ mps: m + 1n, blocks: r })
    }
  })
  return out
}

export interface AuctionParams {
  /** tokens for sale, micro-RNG */
  readonly supply: bigint
  readonly floor_price: bigint
  readonly tick: bigint
  readonly steps: ReadonlyArray<Step>
  /** graduation threshold, USDT base units */
  readonly required_raise: bigint
}

export interface Bid {
  readonly id: number
  readonly bidder: string
  /** on the tick grid, above the floor */
  readonly max_price: bigint
  readonly budget: bigint
  /** auction block (0-based) it arrives in */
  readonly block: number
}

export interface BidOutcome {
  readonly id: number
  readonly bidder: string
  readonly tokens: bigint
  readonly spent: bigint
  readonly refund: bigint
  readonly outbid: boolean
}

export interface AuctionResult {
  readonly clearing_price: bigint
  /** clearing price after every block */
  readonly prices: ReadonlyArray<bigint>
  readonly sold: bigint
  readonly raised: bigint
  readonly graduated: boolean
  readonly bids: ReadonlyArray<BidOutcome>
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

/** one clearing step: the price for per-block demand `demand` by max price, supply S, from `current` */
export const clearingPrice = (current: bigint, demand: ReadonlyArray<{ readonly max_price: bigint; readonly amount: bigint }>, supply: bigint): bigint => {
  if (supply <= 0n) return current
  const above = demand.filter((d) => d.max_price > current)
  let d = above.reduce((a, x) => a + x.amount, 0n)
  const ticks = [...new Set(above.map((x) => x.max_price))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let passed = current
  for (const tick of ticks) {
    // can D still buy the supply at this tick? D / tick ≥ S, in micro units: D·10⁶ ≥ S·tick
    if (d * MICRO < supply * tick) break
    passed = tick
    for (const x of above) if (x.max_price === tick) d -= x.amount
  }
  const needed = ceilDiv(d * MICRO, supply)
  return needed > passed ? needed : passed
}

export const runAuction = (params: AuctionParams, bids: ReadonlyArray<Bid>): AuctionResult => {
  const perBlock: bigint[] = []
  for (const s of params.steps) for (let i = 0n; i < s.blocks; i++) perBlock.push(s.mps)
  const total_mps = perBlock.reduce((a, b) => a + b, 0n)
  if (total_mps !== MPS_TOTAL) throw new RangeError(`supply schedule sums to ${total_mps}, not ${MPS_TOTAL}`)
  const remainingMps: bigint[] = []
  let acc = 0n
  for (let i = perBlock.length - 1; i >= 0; i--) {
    acc += perBlock[i]!
    remainingMps[i] = acc
  }
  const state = bids.map((b) => ({ bid: b, tokens: 0n, spent: 0n, outbid: false }))
  let price = params.floor_price
  const prices: bigint[] = []
  let sold = 0n
  for (let t = 0; t < perBlock.length; t++) {
    const supply = (params.supply * perBlock[t]!) / MPS_TOTAL
    const active = state.filter((s) => !s.outbid && s.bid.block <= t)
    const amountOf = (s: (typeof state)[number]): bigint => {
      const start = Math.min(Math.max(s.bid.block, 0), perBlock.length - 1)
      return (s.bid.budget * perBlock[t]!) / remainingMps[start]!
    }
    const demand = active.map((s) => ({ max_price: s.bid.max_price, amount: amountOf(s) }))
    price = clearingPrice(price, demand, supply)
    prices.push(price)
    let left = supply
    for (const s of active) {
      if (s.bid.max_price < price) s.outbid = true
      else if (s.bid.max_price > price) {
        const c = amountOf(s)
        const tokens = (c * MICRO) / price
        s.tokens += tokens
        s.spent += c
        left -= tokens
      }
    }
    const at = active.filter((s) => s.bid.max_price === price)
    const atDemand = at.reduce((a, s) => a + amountOf(s), 0n)
    if (atDemand > 0n && left > 0n) {
      const cap = (left * price) / MICRO // currency that buys what is left
      for (const s of at) {
        const c = atDemand <= cap ? amountOf(s) : (amountOf(s) * cap) / atDemand
        const tokens = (c * MICRO) / price
        s.tokens += tokens
        s.spent += c
        left -= tokens
      }
    }
    sold += supply - (left > 0n ? left : 0n)
  }
  const raised = state.reduce((a, s) => a + s.spent, 0n)
  return {
    clearing_price: price,
    prices,
    sold,
    raised,
    graduated: raised >= params.required_raise,
    bids: state.map((s) => ({ id: s.bid.id, bidder: s.bid.bidder, tokens: s.tokens, spent: s.spent, refund: s.bid.budget - s.spent, outbid: s.outbid }))
  }
}
