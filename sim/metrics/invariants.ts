/**
 * The economy's supply laws checked on the whole day-end state (economy.md §3; the engine checks
 * the same laws on every transaction's writes, engine/chain/invariants.ts):
 *   rng_supply    Σ chips + Σ collateral + Σ staked + AMM RNG reserve + house game balance
 *                 + staking reward pool + penalty RNG  =  chips minted − chips burned
 *   vusdt_supply  Σ vUSDT balances + AMM vUSDT reserve + savings deposits + recovery pool
 *                 =  vUSDT minted − vUSDT burned
 * One row per day and law in `invariant_checks` (day, block_height, invariant, ok, held, expected,
 * source). Other checkers (the runner's per-block checks) append rows of the same shape with
 * their own `source` through `InvariantCheckRow`.
 */
import { house } from "../../engine/casino/house.ts"
import { players } from "../../engine/casino/player.ts"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { savingsPool } from "../../engine/economy/savings/savings.ts"
import { stakers } from "../../engine/economy/staking/staker.ts"
import { vaults } from "../../engine/economy/vault/vault.ts"
import type { BlockExecution } from "../../engine/execute/output.ts"
import type { StateStore } from "../../engine/state/store.ts"
import type { Row } from "../sinks/duckdb.ts"
import type { MetricsCollector } from "./collector.ts"

export const INVARIANT_CHECK_COLUMNS = [
  ["day", "BIGINT"],
  ["block_height", "BIGINT"],
  ["invariant", "VARCHAR"],
  ["ok", "BOOLEAN"],
  ["held", "HUGEINT"],
  ["expected", "HUGEINT"],
  ["source", "VARCHAR"]
] as const

export interface InvariantCheckRow {
  readonly day: bigint
  readonly block_height: bigint
  readonly invariant: string
  readonly ok: boolean
  readonly held: bigint
  readonly expected: bigint
  readonly source: string
}

export const invariantRow = (c: InvariantCheckRow): Row => [c.day, c.block_height, c.invariant, c.ok, c.held, c.expected, c.source]

/** both supply laws on a whole state: [held, expected] per law */
export const supplyLaws = (store: StateStore): ReadonlyArray<readonly [string, bigint, bigint]> => {
  const h = house.get(store)
  let rng = h.game_balance + h.staking_reward_pool + h.penalty_rng
  let vusdt = h.recovery_pool_vusdt
  for (const [, p] of players.entries(store)) {
    rng += p.chips
    vusdt += p.vusdt_balance
  }
  for (const [, v] of vaults.entries(store)) rng += v.collateral_rng
  for (const [, s] of stakers.entries(store)) rng += s.balance
  const pool = ammPool.get(store)
  rng += pool.reserve_rng
  vusdt += pool.reserve_vusdt + savingsPool.get(store).total_deposits
  return [
    ["rng_supply", rng, h.chips_minted - h.chips_burned],
    ["vusdt_supply", vusdt, h.vusdt_minted - h.vusdt_burned]
  ]
}

export const invariantCollector = (): MetricsCollector => {
  const rows: Row[] = []
  let height = 0n
  let violations = 0n
  return {
    family: "invariants",
    daily_columns: [["invariant_violations", "BIGINT"]],
    start: (s) => {
      height = s.height
    },
    observeBlock: (block: BlockExecution) => {
      height = block.height
    },
    endDay: ({ day, store }) => {
      let bad = 0n
      for (const [name, held, expected] of supplyLaws(store)) {
        const ok = held === expected
        if (!ok) bad++
        rows.push(invariantRow({ day: BigInt(day), block_height: height, invariant: name, ok, held, expected, source: "day-end state" }))
      }
      violations += bad
      return [bad]
    },
    finish: () => [{ name: "invariant_checks", columns: INVARIANT_CHECK_COLUMNS, rows }]
  }
}
