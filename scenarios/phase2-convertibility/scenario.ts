/**
 * phase2-convertibility: the island opens. Players earn freeroll credits in scheduled freerolls,
 * borrowers build vUSDT debt, then on `open_day` the recovery operator runs the auction model on
 * the chain's freeroll snapshot (sim/phase2/convertibility.ts), funds the recovery pool with the
 * proceeds' recovery tranche and retires the worst vaults' debt every day; the policy admin opens
 * the bridge with caps, a delay and (from `pause_day`) a pause again; bridgers withdraw and the
 * relayer finalizes after the delay.
 */
import { Schema } from "effect"
import { defineScenario } from "../../sim/scenario.ts"
import { bridgeOpen, enableOracle, worldSpec } from "../../sim/phase2/world.ts"
import { convertibility, type ConvertibilityParams } from "../../sim/phase2/convertibility.ts"
import { EvmSession } from "../../sim/phase2/evm/session.ts"

const int = (lo: number, hi: number, description: string) => Schema.Int.pipe(Schema.between(lo, hi)).annotations({ description })

export const Phase2Parameters = Schema.Struct({
  seed: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64)).annotations({ description: "run seed (agents, block seeds, bidders)" }),
  agents: int(1, 5_000, "players earning freeroll credits"),
  days: int(2, 120, "simulated days"),
  borrowers: int(0, 2_000, "players with a vault and vUSDT debt (half their loan in savings)"),
  bridgers: int(0, 2_000, "players who withdraw over the bridge once it opens"),
  open_day: int(1, 119, "day the auction settles, the recovery pool is funded and the bridge opens"),
  pause_day: int(0, 120, "day the bridge is paused again (0 = never)"),
  auction_supply_rng: int(1, 200_000_000, "RNG sold in the auction"),
  floor_micro: int(1, 100_000_000, "auction floor price, USDT base units per RNG (50,000 = 0.05 USDT)"),
  bidders: int(1, 10_000, "auction bidders (bidder i is linked to the i-th snapshot player for the bonus cap)"),
  bid_min_usdt: int(1, 1_000_000, "smallest bid budget, USDT"),
  bid_max_usdt: int(1, 1_000_000, "largest bid budget, USDT"),
  liquidity_rng: int(0, 100_000_000, "liquidity reserve paired at the clearing price before the recovery pool"),
  recovery_target_vusdt: int(0, 20_000_000, "recovery-pool target, vUSDT"),
  retire_per_day: int(1, 1_000_000, "vUSDT per RetireWorstVaultDebt"),
  retires_per_day: int(0, 1_000, "RetireWorstVaultDebt calls a day"),
  bonus_pool_rng: int(0, 150_000_000, "BOGO bonus pool cap, RNG"),
  bridge_daily_limit: int(1, 100_000_000, "bridge: total RNG withdrawable per chain day"),
  bridge_per_account: int(1, 100_000_000, "bridge: RNG per account per chain day"),
  bridge_max_withdraw: int(0, 100_000_000, "bridge: largest single withdrawal (0 = no bound)"),
  bridge_delay_secs: int(0, 604_800, "bridge: seconds before a withdrawal may be finalized"),
  bridge_bps: int(1, 10_000, "share of chips a bridger tries to withdraw"),
  tournaments_per_day: int(0, 240, "freerolls the scheduler starts a day"),
  fidelity: Schema.Literal("model", "evm").annotations({ description: "model = the EVM side modelled in TypeScript; evm = the contracts on Hardhat's in-process network (sim/phase2/evm/)" })
}).pipe(
  Schema.filter((p) => p.bid_min_usdt <= p.bid_max_usdt || "bid_min_usdt must not exceed bid_max_usdt"),
  Schema.filter((p) => p.open_day < p.days || "open_day must be before the last day"),
  Schema.filter((p) => p.bridge_per_account <= p.bridge_daily_limit || "bridge_per_account must not exceed bridge_daily_limit")
)
export type Phase2Parameters = typeof Phase2Parameters.Type

export const PHASE2_DEFAULTS: Phase2Parameters = {
  seed: "42",
  agents: 40,
  days: 8,
  borrowers: 30,
  bridgers: 20,
  open_day: 4,
  pause_day: 7,
  auction_supply_rng: 20_000,
  floor_micro: 50_000,
  bidders: 60,
  bid_min_usdt: 25,
  bid_max_usdt: 150,
  liquidity_rng: 10_000,
  recovery_target_vusdt: 5_000,
  retire_per_day: 400,
  retires_per_day: 5,
  bonus_pool_rng: 15_000,
  bridge_daily_limit: 3_000,
  bridge_per_account: 200,
  bridge_max_withdraw: 150,
  bridge_delay_secs: 3_600,
  bridge_bps: 2_000,
  tournaments_per_day: 1,
  fidelity: "model"
}

export const convertibilityParams = (p: Phase2Parameters): ConvertibilityParams => ({
  seed: p.seed,
  auction_supply_rng: BigInt(p.auction_supply_rng),
  floor_micro: BigInt(p.floor_micro),
  tick_micro: BigInt(Math.max(1, Math.floor(p.floor_micro / 100))),
  duration_blocks: 100n,
  bidders: p.bidders,
  bid_min_usdt: p.bid_min_usdt,
  bid_max_usdt: p.bid_max_usdt,
  required_raise_usdt: 0n,
  liquidity_rng: BigInt(p.liquidity_rng),
  recovery_target_vusdt: BigInt(p.recovery_target_vusdt),
  bonus_pool_rng: BigInt(p.bonus_pool_rng)
})

/** the session is the EVM side of a full-fidelity run (fidelity "evm"; tests pass their own to read its report) */
export const phase2Spec = (p: Phase2Parameters, session: EvmSession | null = p.fidelity === "evm" ? new EvmSession(convertibilityParams(p)) : null) =>
  worldSpec({
    seed: p.seed,
    days: p.days,
    windows_per_day: 1,
    players: p.agents,
    borrowers: p.borrowers,
    whales: 0,
    keepers: 0,
    bridgers: p.bridgers,
    sybils: 0,
    sybil_ring_size: 1,
    sybil_day: 0,
    arrival_days: 1,
    amm_rng: 100_000n,
    amm_vusdt: 100_000n,
    collateral_bps: 9_000,
    ltv_bps: 2_500,
    save_bps: 5_000,
    run_day: null,
    dump_day: null,
    bridge_day: p.open_day,
    bridge_bps: p.bridge_bps,
    join_cycles: 1,
    join_bps: 10_000,
    tournaments_per_day: p.tournaments_per_day,
    oracle: { from_day: 1, noise_bps: 100, shock_day: null, shock_bps: 10_000 },
    policy_steps: [
      { day: 1, name: "oracle-on", change: enableOracle },
      {
        day: p.open_day,
        name: "bridge-open",
        change: bridgeOpen({
          daily: BigInt(p.bridge_daily_limit),
          per_account: BigInt(p.bridge_per_account),
          min: 1n,
          max: BigInt(p.bridge_max_withdraw),
          delay_secs: BigInt(p.bridge_delay_secs)
        })
      },
      ...(p.pause_day > p.open_day ? [{ day: p.pause_day, name: "bridge-pause", change: (x: Parameters<typeof enableOracle>[0]) => ({ ...x, bridge_paused: true }) }] : [])
    ],
    recovery: {
      fund_day: p.open_day,
      fund_amount: (view) =>
        session === null
          ? convertibility(view.state, { view: view.clock.view, height: 0n }, convertibilityParams(p)).recovery_vusdt
          : session.fundAmount(view.state, { view: view.clock.view, height: 0n }),
      retire_amount: BigInt(p.retire_per_day),
      retires_per_day: p.retires_per_day
    },
    ...(session === null ? {} : { relayer: session.relayer })
  })

export const phase2Convertibility = defineScenario({
  name: "phase2-convertibility",
  description: "auction model, recovery pool retiring vUSDT debt, bridge opening with caps/delay/pause, BOGO from freeroll credits",
  schema: Phase2Parameters,
  defaults: PHASE2_DEFAULTS,
  build: (p) => phase2Spec(p)
})
