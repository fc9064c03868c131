/**
 * Issuance vs sinks, per day. Minted and burned totals are the house ledger's own counters
 * (house.chips_minted / chips_burned, vusdt_minted / vusdt_burned, total_issuance for freeroll
 * credits, stability_fees_accrued), taken as day-over-day differences; the split by source is
 * read from the day's events (Deposited = faucet, BridgeDepositCredited, AmmBootstrapped seeding,
 * AmmSwapped fee and burn, SuperSettled fees). Registration grants (and anything else minted
 * without its own event) are the remainder `minted − faucet − bridge − seed`. The first day's
 * differences are against the run's starting state (`start`: zero for a fresh chain).
 */
import { house, type House } from "../../engine/casino/house.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import type { MetricsCollector } from "./collector.ts"

export const supplyCollector = (): MetricsCollector => {
  let prev: House | undefined
  let faucet = 0n
  let bridge_in = 0n
  let amm_seed = 0n
  let sell_tax_burned = 0n
  let fees_rng = 0n
  let fees_vusdt = 0n
  let super_fees = 0n
  return {
    family: "supply",
    daily_columns: [
      ["minted_chips", "BIGINT"],
      ["faucet_chips", "BIGINT"],
      ["bridge_in_chips", "BIGINT"],
      ["amm_seed_chips", "BIGINT"],
      ["grants_other_chips", "BIGINT"],
      ["freeroll_credits_chips", "BIGINT"],
      ["burned_chips", "BIGINT"],
      ["sell_tax_burned_chips", "BIGINT"],
      ["swap_fees_rng_chips", "BIGINT"],
      ["swap_fees_vusdt", "BIGINT"],
      ["super_fees_chips", "BIGINT"],
      ["stability_fees_vusdt", "BIGINT"],
      ["minted_vusdt", "BIGINT"],
      ["burned_vusdt", "BIGINT"],
      ["supply_chips", "BIGINT"],
      ["supply_vusdt", "BIGINT"]
    ],
    // a twin starts from a chain with history: its first day's differences are against that state
    start: ({ store }) => {
      prev = house.get(store)
    },
    observeBlock: (block: BlockExecution) => {
      for (const out of block.outputs)
        for (const e of out.events) {
          switch (e._tag) {
            case "Deposited":
              faucet += e.amount
              break
            case "BridgeDepositCredited":
              bridge_in += e.amount
              break
            case "AmmBootstrapped":
              amm_seed += e.rng_amount
              break
            case "AmmSwapped":
              sell_tax_burned += e.burned_amount
              if (e.is_buying_rng) fees_vusdt += e.fee_amount
              else fees_rng += e.fee_amount
              break
            case "SuperSettled":
              super_fees += e.fees
              break
          }
        }
    },
    endDay: ({ store }) => {
      const h = house.get(store)
      const p = prev
      const d = (f: (x: House) => bigint): bigint => f(h) - (p === undefined ? 0n : f(p))
      const minted = d((x) => x.chips_minted)
      const row = [
        minted,
        faucet,
        bridge_in,
        amm_seed,
        minted - faucet - bridge_in - amm_seed,
        d((x) => x.total_issuance),
        d((x) => x.chips_burned),
        sell_tax_burned,
        fees_rng,
        fees_vusdt,
        super_fees,
        d((x) => x.stability_fees_accrued),
        d((x) => x.vusdt_minted),
        d((x) => x.vusdt_burned),
        h.chips_minted - h.chips_burned,
        h.vusdt_minted - h.vusdt_burned
      ]
      prev = h
      faucet = bridge_in = amm_seed = sell_tax_burned = fees_rng = fees_vusdt = super_fees = 0n
      return row
    }
  }
}
