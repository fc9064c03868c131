/**
 * The auction on a node (evm.md §6, with a local model instead of the external launcher, as §13
 * recommends): bidders fund real mUSDT bids into the auction escrow at their blocks, the clearing
 * is computed by the model (clearing.ts) over the spec's schedule, then settled on chain — tokens
 * filled to each bidder, unspent currency refunded — and the pool is seeded at the clearing price
 * (the proceeds waterfall of §7: pair the liquidity reserve, then the recovery pool up to 20 M
 * USDT, the remainder reported 50 / 30 / 20). The external Uniswap v4 pool is represented by its
 * position recipient, which receives the paired RNG and USDT.
 *
 * Defect 11 fixed: currency is minted only when it is the deployment's own MockUSDT; with a real
 * currency a bidder without the balance is an error, never silently skipped.
 */
import type { Address, Hex } from "viem"
import { mockUsdtAbi, recoveryPoolAbi, rngTokenAbi } from "../../abi/index.ts"
import { AUCTION_SUPPLY, POOL_RESERVE, RECOVERY_TARGET, USDT_DECIMALS } from "../allocation.ts"
import type { EvmClients } from "../clients.ts"
import { mined, type Deployment } from "../deploy.ts"
import { EvmScriptError } from "../errors.ts"
import { SplitMix64 } from "../prng.ts"
import { simulateAuction, type AuctionBid, type AuctionResult } from "./clearing.ts"
import { currencyFor, floorAndSpacing, onGrid, parseUnits, priceQ96, Q96, tokensFor } from "./price.ts"
import { buildSchedule, DEFAULT_OFFSETS, type Schedule, type ScheduleOffsets } from "./schedule.ts"
import { buildSteps, encodeSteps } from "./steps.ts"

export interface AuctionRunOptions {
  readonly seed: bigint
  readonly bidders: number
  readonly minBid: bigint
  readonly maxBid: bigint
  readonly priceMultiplierBps: bigint
  readonly priceJitterBps: bigint
  readonly floorPrice: string
  readonly offsets: ScheduleOffsets
  /** the auction's supply (default: the launcher's split, 199,999,980 RNG) */
  readonly supply: bigint
  readonly poolRecipient: Address
}

export const DEFAULT_RUN = {
  seed: 42n,
  bidders: 10,
  minBid: 2_500_000n,
  maxBid: 15_000_000n,
  priceMultiplierBps: 12_000n,
  priceJitterBps: 5_000n,
  floorPrice: "0.05",
  offsets: DEFAULT_OFFSETS,
  supply: AUCTION_SUPPLY
} as const

export interface AuctionRun {
  readonly schedule: Schedule
  readonly floorQ96: bigint
  readonly tickSpacing: bigint
  readonly stepsData: `0x${string}`
  readonly result: AuctionResult
  readonly pool: { readonly tokens: bigint; readonly currency: bigint; readonly priceQ96: bigint }
  readonly recoveryFunded: bigint
  readonly remainder: { readonly treasury: bigint; readonly insurance: bigint; readonly liquidity: bigint }
  readonly receipts: ReadonlyArray<{ readonly bidder: Address; readonly amount: string; readonly maxPrice: string; readonly tokensFilled: string; readonly refund: string; readonly successful: boolean }>
}

/** one bid of a run: who, its max price (Q96, above the floor), its budget and its block offset */
export interface PlannedBid {
  readonly bidder: Address
  readonly maxPrice: bigint
  readonly amount: bigint
  readonly placedAt: bigint
}

/** the seeded bid plan of the script (evm.md §6.8): max price 1.2–1.7× the floor on the grid, budgets in [min, max] */
export const planBids = (bidders: ReadonlyArray<Address>, o: AuctionRunOptions, floorQ96: bigint, tickSpacing: bigint): PlannedBid[] => {
  const rng = new SplitMix64(o.seed)
  return bidders.map((bidder) => {
    const bps = o.priceMultiplierBps + rng.between(0n, o.priceJitterBps - 1n)
    let maxPrice = onGrid((floorQ96 * bps) / 10_000n, tickSpacing)
    if (maxPrice <= floorQ96) maxPrice = floorQ96 + tickSpacing
    // each bid takes one block: leave room for all of them before the end
    return { bidder, maxPrice, amount: rng.between(o.minBid, o.maxBid), placedAt: rng.between(0n, o.offsets.duration - 1n - BigInt(o.bidders)) }
  })
}

export type AuctionNet = EvmClients & {
  readonly mine: (blocks: bigint) => Promise<void>
  /** on an in-process network: switch automine (bids of one block are sent, then mined together) */
  readonly setAutomine?: (on: boolean) => Promise<void>
}

export const runAuction = async (net: AuctionNet, d: Deployment, o: AuctionRunOptions): Promise<AuctionRun> => {
  if (o.maxBid < o.minBid) throw new EvmScriptError("InvalidInput", "MAX_BID_AMOUNT is below MIN_BID_AMOUNT")
  const bidders = net.accounts.slice(1, 1 + o.bidders)
  if (bidders.length < o.bidders) throw new EvmScriptError("InvalidInput", `the node has ${bidders.length} spare accounts, not ${o.bidders}`)
  const { floorQ96, tickSpacing } = floorAndSpacing(priceQ96(parseUnits(o.floorPrice, USDT_DECIMALS)))
  return runAuctionPlan(net, d, { supply: o.supply, offsets: o.offsets, poolRecipient: o.poolRecipient, poolReserve: POOL_RESERVE, recoveryTarget: RECOVERY_TARGET, sameBlock: false, floorQ96, tickSpacing }, planBids(bidders, o, floorQ96, tickSpacing))
}

export interface AuctionPlanOptions {
  readonly supply: bigint
  readonly offsets: ScheduleOffsets
  readonly poolRecipient: Address
  /** RNG paired with currency at the clearing price (the launcher's liquidity split by default) */
  readonly poolReserve: bigint
  /** currency for the recovery pool after the pool's pairing, at most (RECOVERY_TARGET by default) */
  readonly recoveryTarget: bigint
  /** bids planned for one block are mined in that block (needs `setAutomine`); else one block each */
  readonly sameBlock: boolean
  readonly floorQ96: bigint
  readonly tickSpacing: bigint
}

/**
 * a run with an explicit bid plan (the phase-2 simulation's bids): each bid is placed at its
 * block offset (bids sharing an offset in one block with `sameBlock`, else in consecutive
 * blocks), settled to the bidder's address and the pool seeded
 */
export const runAuctionPlan = async (net: AuctionNet, d: Deployment, o: AuctionPlanOptions, bidPlan: ReadonlyArray<PlannedBid>): Promise<AuctionRun> => {
  const reader = net.publicClient
  const escrow = net.walletOf(d.launcherHolder)
  const schedule = buildSchedule(await reader.getBlockNumber({ cacheTime: 0 }), o.offsets)
  const { floorQ96, tickSpacing } = o
  const steps = buildSteps(o.offsets.duration)
  const plan = [...bidPlan]
  plan.sort((a, b) => (a.placedAt < b.placedAt ? -1 : a.placedAt > b.placedAt ? 1 : 0))
  const byBidder = new Map<string, Address>(plan.map((b) => [b.bidder, b.bidder]))
  const addressOf = (bidder: string): Address => {
    const a = byBidder.get(bidder)
    if (a === undefined) throw new EvmScriptError("InvalidInput", `no planned bid of ${bidder}`)
    return a
  }
  // to the start, then each bid funds the escrow at its block
  const advanceTo = async (target: bigint) => {
    const now = await reader.getBlockNumber({ cacheTime: 0 })
    if (target > now + 1n) await net.mine(target - now - 1n)
  }
  for (const b of plan) {
    const balance = await reader.readContract({ address: d.currency, abi: mockUsdtAbi, functionName: "balanceOf", args: [b.bidder] })
    if (balance >= b.amount) continue
    if (d.mockUsdt !== d.currency) throw new EvmScriptError("InvalidInput", `bidder ${b.bidder} holds ${balance} of the currency, below its bid ${b.amount}`)
    await mined(reader, await net.walletOf(d.deployer).writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "mint", args: [b.bidder, b.amount - balance] }))
  }
  await advanceTo(schedule.start)
  const bids: AuctionBid[] = []
  const setAutomine = net.setAutomine
  for (let i = 0; i < plan.length; ) {
    const first = plan[i]
    if (first === undefined) break
    const group = o.sameBlock && setAutomine !== undefined ? plan.slice(i).filter((b) => b.placedAt === first.placedAt) : [first]
    i += group.length
    await advanceTo(schedule.start + first.placedAt)
    const send = (b: PlannedBid) => net.walletOf(b.bidder).writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "transfer", args: [d.launcherHolder, b.amount] })
    const hashes: Hex[] = []
    if (group.length > 1 && setAutomine !== undefined) {
      await setAutomine(false)
      try {
        for (const b of group) hashes.push(await send(b))
        await net.mine(1n)
      } finally {
        await setAutomine(true)
      }
    } else for (const b of group) hashes.push(await send(b))
    for (const [k, b] of group.entries()) {
      const hash = hashes[k]
      if (hash === undefined) throw new EvmScriptError("InvalidInput", `bid of ${b.bidder} was not sent`)
      const r = await mined(reader, hash)
      bids.push({ bidder: b.bidder, maxPrice: b.maxPrice, amount: b.amount, placedAt: r.blockNumber - schedule.start })
    }
  }
  await advanceTo(schedule.end + 1n)
  const result = simulateAuction({ supply: o.supply, floor: floorQ96, steps, duration: o.offsets.duration }, bids)
  // settlement: tokens filled, unspent currency back
  for (const b of result.bids) {
    const to = addressOf(b.bidder)
    if (b.tokensFilled > 0n) await mined(reader, await escrow.writeContract({ address: d.rng, abi: rngTokenAbi, functionName: "transfer", args: [to, b.tokensFilled] }))
    if (b.refund > 0n) await mined(reader, await escrow.writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "transfer", args: [to, b.refund] }))
  }
  // seed the pool at the clearing price
  const needed = currencyFor(o.poolReserve, result.clearing)
  const poolCurrency = result.raised < needed ? result.raised : needed
  const poolTokens = poolCurrency === needed ? o.poolReserve : tokensFor(poolCurrency, result.clearing)
  if (poolTokens > 0n) await mined(reader, await escrow.writeContract({ address: d.rng, abi: rngTokenAbi, functionName: "transfer", args: [o.poolRecipient, poolTokens] }))
  if (poolCurrency > 0n) await mined(reader, await escrow.writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "transfer", args: [o.poolRecipient, poolCurrency] }))
  // fund the recovery pool from what is left, up to its target
  const left = result.raised - poolCurrency
  const recoveryFunded = left < o.recoveryTarget ? left : o.recoveryTarget
  if (recoveryFunded > 0n) {
    await mined(reader, await escrow.writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "transfer", args: [d.deployer, recoveryFunded] }))
    const owner = net.walletOf(d.deployer)
    await mined(reader, await owner.writeContract({ address: d.currency, abi: mockUsdtAbi, functionName: "approve", args: [d.recoveryPool, recoveryFunded] }))
    await mined(reader, await owner.writeContract({ address: d.recoveryPool, abi: recoveryPoolAbi, functionName: "fund", args: [recoveryFunded] }))
  }
  const rest = left - recoveryFunded
  return {
    schedule,
    floorQ96,
    tickSpacing,
    stepsData: encodeSteps(steps),
    result,
    pool: { tokens: poolTokens, currency: poolCurrency, priceQ96: poolTokens === 0n ? 0n : (poolCurrency * Q96) / poolTokens },
    recoveryFunded,
    remainder: { treasury: (rest * 50n) / 100n, insurance: (rest * 30n) / 100n, liquidity: rest - (rest * 50n) / 100n - (rest * 30n) / 100n },
    receipts: result.bids.map((b) => ({
      bidder: addressOf(b.bidder),
      amount: b.amount.toString(),
      maxPrice: b.maxPrice.toString(),
      tokensFilled: b.tokensFilled.toString(),
      refund: b.refund.toString(),
      successful: b.tokensFilled > 0n
    }))
  }
}
