/**
 * Concentration of holdings at day end: Gini and the top-1 % share, of player chips and of RNG
 * holdings (chips + staked + vault collateral, per key). Top 1 % = the ⌈n/100⌉ largest holders.
 * Floating point is used only for these report statistics, never in the engine.
 */
import { players } from "../../engine/casino/player.ts"
import { stakers } from "../../engine/economy/staking/staker.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import { gini } from "../runner/metrics.ts"
import type { MetricsCollector } from "./collector.ts"

/** share of the total held by the ⌈n/100⌉ largest values (0 for no holders or nothing held) */
export const topShare = (values: ReadonlyArray<bigint>, fraction_bps = 100): number => {
  const n = values.length
  if (n === 0) return 0
  const k = Math.max(1, Math.ceil((n * fraction_bps) / 10_000))
  const xs = [...values].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
  let total = 0n
  let top = 0n
  xs.forEach((x, i) => {
    total += x
    if (i < k) top += x
  })
  return total === 0n ? 0 : Number(top) / Number(total)
}

export const concentrationCollector = (): MetricsCollector => ({
  family: "concentration",
  daily_columns: [
    ["holders", "BIGINT"],
    ["top1_share_chips", "DOUBLE"],
    ["gini_holdings", "DOUBLE"],
    ["top1_share_holdings", "DOUBLE"]
  ],
  observeBlock: () => {},
  endDay: ({ store }) => {
    const holdings = new Map<string, bigint>()
    const chips: bigint[] = []
    for (const [pk, p] of players.entries(store)) {
      chips.push(p.chips)
      holdings.set(pk, p.chips)
    }
    for (const [pk, s] of stakers.entries(store)) holdings.set(pk, (holdings.get(pk) ?? 0n) + s.balance)
    for (const [pk, v] of vaults.entries(store)) holdings.set(pk, (holdings.get(pk) ?? 0n) + v.collateral_rng)
    const h = [...holdings.values()]
    return [BigInt(chips.length), topShare(chips), gini(h), topShare(h)]
  }
})
