/**
 * One random-sequence generator shared by every economy property: abstract steps over every
 * economic instruction (valid and invalid), roulette rounds so the house PnL moves, compound
 * round trips, and clock advances from one view to a year. Amounts are mostly fractions of the
 * balance they draw on (resolved against the live state by run.ts), sometimes raw edge values.
 */
import fc from "fast-check"
import { BET_TYPES } from "../../games/roulette/bets.ts"
import type { RouletteBet } from "../../games/roulette/roulette.ts"
import type { Policy } from "../policy.ts"
import { ACTORS } from "./harness.ts"

/** parts per million of a base chosen by the step, or a raw amount */
export type Amt = { readonly ppm: number } | { readonly raw: bigint }

/** one transaction of a multi-transaction block, resolved against the state at the start of the block */
export type BlockTx =
  | { readonly t: "swap"; readonly who: number; readonly buy: boolean; readonly amt: Amt }
  | { readonly t: "addLiquidity"; readonly who: number; readonly rng: Amt; readonly usdt: Amt }
  | { readonly t: "removeLiquidity"; readonly who: number; readonly shares: Amt }
  | { readonly t: "depositCollateral"; readonly who: number; readonly amt: Amt }
  | { readonly t: "withdrawCollateral"; readonly who: number; readonly amt: Amt }
  | { readonly t: "borrow"; readonly who: number; readonly amt: Amt }
  | { readonly t: "repay"; readonly who: number; readonly amt: Amt }
  | { readonly t: "liquidate"; readonly who: number; readonly byKeeper: boolean; readonly target: number }
  | { readonly t: "depositSavings"; readonly who: number; readonly amt: Amt }
  | { readonly t: "withdrawSavings"; readonly who: number; readonly amt: Amt }
  | { readonly t: "roulette"; readonly who: number; readonly bets: ReadonlyArray<RouletteBet> }

/**
 * How the block's signed transactions are laid out: as signed (nonce order per account),
 * reversed, or shuffled by `keys`; then each `duplicates` entry inserts a copy of transaction
 * `from` at position `at` (a replay inside the block).
 */
export interface BlockLayout {
  readonly order: "signed" | "reversed" | "shuffled"
  readonly keys: ReadonlyArray<number>
  readonly duplicates: ReadonlyArray<{ readonly from: number; readonly at: number }>
}

export type Step =
  | { readonly k: "block"; readonly txs: ReadonlyArray<BlockTx>; readonly layout: BlockLayout }
  | { readonly k: "advance"; readonly views: bigint }
  | { readonly k: "register"; readonly who: number }
  | { readonly k: "faucet"; readonly who: number; readonly amount: bigint }
  | { readonly k: "swap"; readonly who: number; readonly buy: boolean; readonly amt: Amt; readonly impossibleMin: boolean }
  | { readonly k: "swapRoundTrip"; readonly who: number; readonly buyFirst: boolean; readonly amt: Amt }
  | { readonly k: "addLiquidity"; readonly who: number; readonly rng: Amt; readonly usdt: Amt }
  | { readonly k: "removeLiquidity"; readonly who: number; readonly shares: Amt }
  | { readonly k: "lpRoundTrip"; readonly who: number; readonly rng: Amt; readonly usdt: Amt }
  | { readonly k: "leverage"; readonly who: number; readonly deposit: Amt; readonly borrow: Amt }
  | { readonly k: "createVault"; readonly who: number }
  | { readonly k: "depositCollateral"; readonly who: number; readonly amt: Amt }
  | { readonly k: "withdrawCollateral"; readonly who: number; readonly amt: Amt }
  | { readonly k: "borrow"; readonly who: number; readonly amt: Amt }
  | { readonly k: "repay"; readonly who: number; readonly amt: Amt }
  | { readonly k: "liquidate"; readonly who: number; readonly target: number }
  | { readonly k: "keeperSweep" }
  | { readonly k: "depositSavings"; readonly who: number; readonly amt: Amt }
  | { readonly k: "withdrawSavings"; readonly who: number; readonly amt: Amt }
  | { readonly k: "claimSavings"; readonly who: number }
  | { readonly k: "savingsCycle"; readonly who: number; readonly amt: Amt; readonly wait: bigint }
  | { readonly k: "stakeCycle"; readonly who: number; readonly amt: Amt; readonly duration: bigint; readonly bets: ReadonlyArray<RouletteBet> }
  | { readonly k: "stake"; readonly who: number; readonly amt: Amt; readonly duration: bigint }
  | { readonly k: "unstake"; readonly who: number }
  | { readonly k: "claimRewards"; readonly who: number }
  | { readonly k: "processEpoch"; readonly who: number }
  | { readonly k: "fundRecovery"; readonly who: number; readonly amount: bigint }
  | { readonly k: "retireDebt"; readonly who: number; readonly target: number; readonly amount: bigint }
  | { readonly k: "retireWorst"; readonly who: number; readonly amount: bigint }
  | { readonly k: "setPolicy"; readonly who: number; readonly policy: Policy; readonly valid: boolean }
  | { readonly k: "stressPolicy"; readonly policy: Policy }
  | { readonly k: "stressSweep"; readonly policy: Policy }
  | { readonly k: "deleverage"; readonly who: number; readonly repay: Amt; readonly withdraw: Amt }
  | { readonly k: "updateOracle"; readonly who: number; readonly ppm: number; readonly zeroDen: boolean; readonly ageViews: bigint; readonly future: boolean }
  | { readonly k: "roulette"; readonly who: number; readonly bets: ReadonlyArray<RouletteBet> }
  | { readonly k: "join"; readonly who: number; readonly tid: bigint }
  | { readonly k: "tournamentCycle"; readonly joiners: ReadonlyArray<number> }
  | { readonly k: "recoveryCycle"; readonly fund: bigint; readonly worst: bigint; readonly retire: bigint }
  | { readonly k: "startTournament"; readonly who: number; readonly tid: bigint; readonly startNow: boolean }
  | { readonly k: "endTournament"; readonly who: number; readonly tid: bigint; readonly pickActive: boolean }
  | { readonly k: "setLimit"; readonly who: number; readonly target: number; readonly limit: number }
  | { readonly k: "setTreasury"; readonly who: number; readonly buckets: ReadonlyArray<bigint> }
  | { readonly k: "setVesting"; readonly who: number; readonly durations: ReadonlyArray<bigint>; readonly rewriteReleased: boolean }
  | { readonly k: "release"; readonly who: number; readonly bucket: number; readonly amt: Amt }
  | { readonly k: "bridgeCycle"; readonly who: number; readonly amount: bigint; readonly back: Amt }
  | { readonly k: "bridgeWithdraw"; readonly who: number; readonly amount: bigint; readonly destLen: number }
  | { readonly k: "bridgeDeposit"; readonly who: number; readonly recipient: number; readonly amt: Amt; readonly source: number }
  | { readonly k: "finalizeBridge"; readonly who: number; readonly id: bigint; readonly advanceViews: bigint }
  | { readonly k: "seedAmm"; readonly who: number; readonly rng: bigint; readonly usdt: bigint }
  | { readonly k: "finalizeBootstrap"; readonly who: number }

export type StepKind = Step["k"]

/** who signs: players 1–3 most often so one account's actions build on each other; the admin and the unregistered key sometimes */
const whoArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 2, arbitrary: fc.integer({ min: 4, max: ACTORS.length - 2 }) },
  { weight: 1, arbitrary: fc.constant(ACTORS.length - 1) }
)
/** admin instructions: mostly the admin (index 0), sometimes anyone (Unauthorized) */
const adminArb = fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: whoArb })

export const amtArb: fc.Arbitrary<Amt> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 1_000_000 }).map((ppm): Amt => ({ ppm })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 60_000 }).map((ppm): Amt => ({ ppm })) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 1_300_000 }).map((ppm): Amt => ({ ppm })) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 2n, 999n, 10n ** 19n).map((raw): Amt => ({ raw })) }
)

/** swap sizes: mostly within the daily caps (a few % of a balance), sometimes beyond */
export const swapAmtArb: fc.Arbitrary<Amt> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((ppm): Amt => ({ ppm })) },
  { weight: 1, arbitrary: amtArb }
)

const smallAmount = fc.oneof(fc.bigInt({ min: 1n, max: 50_000n }), fc.constantFrom(0n, 1n, 10n ** 18n))

/** a clock advance: mostly short, sometimes an epoch, a day, a month or a year */
export const advanceArb: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 1n, max: 20n }) },
  { weight: 3, arbitrary: fc.constantFrom(100n, 101n, 300n) },
  { weight: 2, arbitrary: fc.bigInt({ min: 1_000n, max: 40_000n }) },
  { weight: 1, arbitrary: fc.constantFrom(28_800n, 864_000n, 10_512_000n) }
)

const U16 = (max: number) => fc.integer({ min: 0, max })
const lowPolicy = (p: Policy, ltv: number, gap: number): Policy => {
  const mature = Math.min(p.max_ltv_bps_mature, ltv)
  const threshold = mature + gap
  return {
    ...p,
    max_ltv_bps_new: Math.min(p.max_ltv_bps_new, mature),
    max_ltv_bps_mature: mature,
    liquidation_threshold_bps: threshold,
    liquidation_target_bps: Math.min(p.liquidation_target_bps, threshold)
  }
}
const sorted = (xs: ReadonlyArray<number>): number[] => [...xs].sort((a, b) => a - b)

/** a policy that passes every §4.2 bound the engine enforces */
export const validPolicyArb: fc.Arbitrary<Policy> = fc
  .record({
    tax: fc.tuple(U16(10_000), U16(10_000), U16(10_000)),
    outflow: fc.tuple(U16(65_535), U16(65_535)),
    caps: fc.tuple(
      fc.oneof(U16(10_000), fc.integer({ min: 100, max: 10_000 })),
      fc.oneof(U16(10_000), fc.integer({ min: 1, max: 200 })),
      fc.oneof(U16(10_000), fc.integer({ min: 100, max: 10_000 })),
      fc.oneof(U16(10_000), fc.integer({ min: 1, max: 200 }))
    ),
    ltv: fc.tuple(U16(9_999), U16(9_999)),
    threshold_gap: fc.integer({ min: 1, max: 4_000 }),
    target_ppm: fc.integer({ min: 0, max: 1_000_000 }),
    penalty: U16(3_000),
    reward_ppm: fc.integer({ min: 0, max: 1_000_000 }),
    apr: fc.oneof(U16(10_000), fc.constantFrom(0, 800)),
    ceiling: fc.oneof(U16(10_000), fc.constantFrom(0, 3_000, 10_000)),
    credit_immediate: U16(10_000),
    vest: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 20_000_000n })),
    expiry: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 20_000_000n })),
    bridge_paused: fc.boolean(),
    bridge_daily: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 200_000n })),
    per_account_ppm: fc.integer({ min: 0, max: 1_000_000 }),
    bridge_minmax: fc.tuple(fc.bigInt({ min: 0n, max: 5_000n }), fc.bigInt({ min: 0n, max: 100_000n })),
    bridge_delay: fc.bigInt({ min: 0n, max: 3_000n }),
    oracle_enabled: fc.boolean(),
    oracle_dev: U16(10_000),
    oracle_stale: fc.bigInt({ min: 0n, max: 100_000n })
  })
  .map((r): Policy => {
    const [tmin, tmid, tmax] = sorted(r.tax)
    const [olow, omid] = sorted(r.outflow)
    const [ltvNew, ltvMature] = sorted(r.ltv)
    const threshold = Math.min(10_000, (ltvMature ?? 0) + r.threshold_gap)
    const target = Math.floor((threshold * r.target_ppm) / 1_000_000)
    const reward = Math.floor((r.penalty * r.reward_ppm) / 1_000_000)
    const [bmin, bmax] = r.bridge_minmax
    const per = (r.bridge_daily * BigInt(r.per_account_ppm)) / 1_000_000n
    return {
      sell_tax_min_bps: tmin ?? 0,
      sell_tax_mid_bps: tmid ?? 0,
      sell_tax_max_bps: tmax ?? 0,
      sell_tax_outflow_low_bps: olow ?? 0,
      sell_tax_outflow_mid_bps: omid ?? 0,
      max_daily_sell_bps_balance: r.caps[0],
      max_daily_sell_bps_pool: r.caps[1],
      max_daily_buy_bps_balance: r.caps[2],
      max_daily_buy_bps_pool: r.caps[3],
      max_ltv_bps_new: ltvNew ?? 0,
      max_ltv_bps_mature: ltvMature ?? 0,
      liquidation_threshold_bps: threshold,
      liquidation_target_bps: target,
      liquidation_penalty_bps: r.penalty,
      liquidation_reward_bps: reward,
      liquidation_stability_bps: r.penalty - reward,
      stability_fee_apr_bps: r.apr,
      debt_ceiling_bps: r.ceiling,
      credit_immediate_bps: r.vest === 0n ? 10_000 : r.credit_immediate,
      credit_vest_secs: r.vest,
      credit_expiry_secs: r.expiry,
      bridge_paused: r.bridge_paused,
      bridge_daily_limit: r.bridge_daily,
      bridge_daily_limit_per_account: r.bridge_daily === 0n ? 0n : per === 0n ? 1n : per,
      bridge_min_withdraw: bmax > 0n && bmin > bmax ? bmax : bmin,
      bridge_max_withdraw: bmax,
      bridge_delay_secs: r.bridge_delay,
      oracle_enabled: r.oracle_enabled,
      oracle_max_deviation_bps: r.oracle_dev,
      oracle_stale_secs: r.oracle_stale
    }
  })

/** one way to break a valid policy, each violating exactly one §4.2 bound */
const BREAKS: ReadonlyArray<(p: Policy) => Policy> = [
  (p) => ({ ...p, sell_tax_min_bps: p.sell_tax_mid_bps + 1 }),
  (p) => ({ ...p, sell_tax_max_bps: 10_001, sell_tax_mid_bps: Math.min(p.sell_tax_mid_bps, 10_001), sell_tax_min_bps: Math.min(p.sell_tax_min_bps, 10_001) }),
  (p) => {
    const mid = Math.min(p.sell_tax_outflow_mid_bps, 65_534)
    return { ...p, sell_tax_outflow_low_bps: mid + 1, sell_tax_outflow_mid_bps: mid }
  },
  (p) => ({ ...p, max_daily_buy_bps_pool: 10_001 }),
  (p) => ({ ...p, max_daily_sell_bps_balance: 20_000 }),
  (p) => ({ ...p, max_ltv_bps_new: p.max_ltv_bps_mature + 1 }),
  (p) => ({ ...p, max_ltv_bps_mature: p.liquidation_threshold_bps }),
  (p) => ({ ...p, liquidation_target_bps: p.liquidation_threshold_bps + 1 }),
  (p) => ({ ...p, liquidation_threshold_bps: 10_001 }),
  (p) => ({ ...p, liquidation_reward_bps: p.liquidation_reward_bps + 1 }),
  (p) => ({ ...p, liquidation_penalty_bps: 10_001, liquidation_reward_bps: 10_001 - p.liquidation_stability_bps }),
  (p) => ({ ...p, stability_fee_apr_bps: 10_001 }),
  (p) => ({ ...p, debt_ceiling_bps: 10_001 }),
  (p) => ({ ...p, credit_immediate_bps: 10_001 }),
  (p) => ({ ...p, credit_vest_secs: 0n, credit_immediate_bps: 9_999 }),
  (p) => ({ ...p, oracle_max_deviation_bps: 10_001 }),
  (p) => ({ ...p, bridge_max_withdraw: 10n, bridge_min_withdraw: 11n }),
  (p) => ({ ...p, bridge_daily_limit: 0n, bridge_daily_limit_per_account: 5n }),
  (p) => ({ ...p, bridge_daily_limit: 100n, bridge_daily_limit_per_account: 101n })
]

/** a valid policy with a low liquidation threshold and open sell caps: vaults become liquidatable, prices can crash */
export const stressPolicyArb: fc.Arbitrary<Policy> = fc
  .tuple(validPolicyArb, fc.integer({ min: 0, max: 2_500 }), fc.integer({ min: 1, max: 1_500 }))
  .map(([p, ltv, gap]) => ({ ...lowPolicy(p, ltv, gap), max_daily_sell_bps_balance: 10_000, max_daily_sell_bps_pool: 10_000 }))

export const invalidPolicyArb: fc.Arbitrary<Policy> = fc
  .tuple(validPolicyArb, fc.nat({ max: BREAKS.length - 1 }))
  .map(([p, i]) => (BREAKS[i] ?? ((x: Policy) => x))(p))

const betAmount = fc.oneof(fc.bigInt({ min: 1n, max: 2_000n }), fc.bigInt({ min: 1n, max: 50n }))
/** mostly valid bets (even-money and straight-up), sometimes any type and number (often refused) */
const betArb: fc.Arbitrary<RouletteBet> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("RED" as const, "BLACK" as const, "ODD" as const, "EVEN" as const, "LOW" as const, "HIGH" as const), number: fc.constant(0), amount: betAmount }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("STRAIGHT" as const), number: fc.integer({ min: 0, max: 36 }), amount: betAmount }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom(...BET_TYPES), number: fc.integer({ min: 0, max: 40 }), amount: betAmount }) }
)

const tidArb = fc.bigInt({ min: 1n, max: 8n })
const vestingDuration = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 100_000_000n }))

const blockWho = fc.integer({ min: 1, max: ACTORS.length - 2 })

export const blockTxArb: fc.Arbitrary<BlockTx> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant("swap" as const), who: blockWho, buy: fc.boolean(), amt: swapAmtArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("addLiquidity" as const), who: blockWho, rng: amtArb, usdt: amtArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("removeLiquidity" as const), who: blockWho, shares: amtArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("depositCollateral" as const), who: blockWho, amt: amtArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("withdrawCollateral" as const), who: blockWho, amt: amtArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("borrow" as const), who: blockWho, amt: fc.integer({ min: 100_000, max: 1_100_000 }).map((ppm): Amt => ({ ppm })) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("repay" as const), who: blockWho, amt: amtArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("liquidate" as const), who: blockWho, byKeeper: fc.boolean(), target: blockWho }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("depositSavings" as const), who: blockWho, amt: amtArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("withdrawSavings" as const), who: blockWho, amt: amtArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("roulette" as const), who: blockWho, bets: fc.array(betArb, { minLength: 1, maxLength: 3 }) }) }
)

/** a block layout; hostile (reordered, duplicated) about half the time */
export const blockLayoutArb = (txs: number): fc.Arbitrary<BlockLayout> =>
  fc.record({
    order: fc.constantFrom("signed" as const, "signed" as const, "reversed" as const, "shuffled" as const),
    keys: fc.array(fc.nat(), { minLength: txs, maxLength: txs }),
    duplicates: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(fc.record({ from: fc.nat({ max: Math.max(0, txs - 1) }), at: fc.nat({ max: txs }) }), { minLength: 1, maxLength: 2 }) }
    )
  })

export const blockArb: fc.Arbitrary<Step> = fc
  .array(blockTxArb, { minLength: 2, maxLength: 8 })
  .chain((txs) => blockLayoutArb(txs.length).map((layout): Step => ({ k: "block", txs, layout })))

/** every step kind with its generator */
export const STEP_ARBS: Readonly<Record<StepKind, fc.Arbitrary<Step>>> = {
  block: blockArb,
  advance: advanceArb.map((views) => ({ k: "advance" as const, views })),
  register: fc.oneof({ weight: 3, arbitrary: fc.constant(ACTORS.length - 1) }, { weight: 1, arbitrary: whoArb }).map((who) => ({ k: "register" as const, who })),
  faucet: fc.record({ k: fc.constant("faucet" as const), who: whoArb, amount: fc.constantFrom(0n, 1n, 500n, 1_000n, 1_001n) }),
  swap: fc.record({ k: fc.constant("swap" as const), who: whoArb, buy: fc.boolean(), amt: swapAmtArb, impossibleMin: fc.nat({ max: 9 }).map((n) => n === 0) }),
  swapRoundTrip: fc.record({ k: fc.constant("swapRoundTrip" as const), who: whoArb, buyFirst: fc.boolean(), amt: swapAmtArb }),
  addLiquidity: fc.record({ k: fc.constant("addLiquidity" as const), who: whoArb, rng: amtArb, usdt: amtArb }),
  removeLiquidity: fc.record({ k: fc.constant("removeLiquidity" as const), who: whoArb, shares: amtArb }),
  lpRoundTrip: fc.record({ k: fc.constant("lpRoundTrip" as const), who: whoArb, rng: amtArb, usdt: amtArb }),
  leverage: fc.record({
    k: fc.constant("leverage" as const),
    who: fc.integer({ min: 1, max: ACTORS.length - 2 }),
    deposit: fc.integer({ min: 20_000, max: 400_000 }).map((ppm): Amt => ({ ppm })),
    borrow: fc.oneof(fc.integer({ min: 300_000, max: 1_000_000 }), fc.integer({ min: 950_000, max: 1_100_000 })).map((ppm): Amt => ({ ppm }))
  }),
  createVault: fc.record({ k: fc.constant("createVault" as const), who: whoArb }),
  depositCollateral: fc.record({ k: fc.constant("depositCollateral" as const), who: whoArb, amt: amtArb }),
  withdrawCollateral: fc.record({ k: fc.constant("withdrawCollateral" as const), who: whoArb, amt: amtArb }),
  borrow: fc.record({ k: fc.constant("borrow" as const), who: whoArb, amt: amtArb }),
  repay: fc.record({ k: fc.constant("repay" as const), who: whoArb, amt: amtArb }),
  liquidate: fc.record({ k: fc.constant("liquidate" as const), who: whoArb, target: whoArb }),
  keeperSweep: fc.constant({ k: "keeperSweep" as const }),
  depositSavings: fc.record({ k: fc.constant("depositSavings" as const), who: whoArb, amt: amtArb }),
  withdrawSavings: fc.record({ k: fc.constant("withdrawSavings" as const), who: whoArb, amt: amtArb }),
  claimSavings: fc.record({ k: fc.constant("claimSavings" as const), who: whoArb }),
  savingsCycle: fc.record({
    k: fc.constant("savingsCycle" as const),
    who: whoArb,
    amt: fc.integer({ min: 50_000, max: 900_000 }).map((ppm): Amt => ({ ppm })),
    wait: fc.bigInt({ min: 28_800n, max: 1_000_000n })
  }),
  stakeCycle: fc.record({
    k: fc.constant("stakeCycle" as const),
    who: whoArb,
    amt: fc.integer({ min: 10_000, max: 500_000 }).map((ppm): Amt => ({ ppm })),
    duration: fc.bigInt({ min: 1n, max: 300n }),
    bets: fc.array(betArb, { minLength: 1, maxLength: 4 })
  }),
  stake: fc.record({
    k: fc.constant("stake" as const),
    who: whoArb,
    amt: amtArb,
    duration: fc.oneof({ weight: 8, arbitrary: fc.bigInt({ min: 1n, max: 400n }) }, { weight: 1, arbitrary: fc.constantFrom(0n, 42_048_001n, 42_048_000n) })
  }),
  unstake: fc.record({ k: fc.constant("unstake" as const), who: whoArb }),
  claimRewards: fc.record({ k: fc.constant("claimRewards" as const), who: whoArb }),
  processEpoch: fc.record({ k: fc.constant("processEpoch" as const), who: whoArb }),
  fundRecovery: fc.record({ k: fc.constant("fundRecovery" as const), who: adminArb, amount: smallAmount }),
  retireDebt: fc.record({ k: fc.constant("retireDebt" as const), who: adminArb, target: whoArb, amount: smallAmount }),
  retireWorst: fc.record({ k: fc.constant("retireWorst" as const), who: adminArb, amount: smallAmount }),
  setPolicy: fc.oneof(
    { weight: 2, arbitrary: fc.record({ k: fc.constant("setPolicy" as const), who: adminArb, policy: validPolicyArb, valid: fc.constant(true) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("setPolicy" as const), who: adminArb, policy: stressPolicyArb, valid: fc.constant(true) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("setPolicy" as const), who: adminArb, policy: invalidPolicyArb, valid: fc.constant(false) }) }
  ),
  stressPolicy: stressPolicyArb.map((policy) => ({ k: "stressPolicy" as const, policy })),
  stressSweep: stressPolicyArb.map((policy) => ({ k: "stressSweep" as const, policy })),
  deleverage: fc.record({
    k: fc.constant("deleverage" as const),
    who: fc.integer({ min: 1, max: ACTORS.length - 2 }),
    repay: fc.integer({ min: 100_000, max: 1_000_000 }).map((ppm): Amt => ({ ppm })),
    withdraw: fc.integer({ min: 1_000, max: 500_000 }).map((ppm): Amt => ({ ppm }))
  }),
  updateOracle: fc.record({
    k: fc.constant("updateOracle" as const),
    who: adminArb,
    ppm: fc.integer({ min: 1, max: 3_000_000 }),
    zeroDen: fc.nat({ max: 15 }).map((n) => n === 0),
    ageViews: fc.bigInt({ min: 0n, max: 1_000n }),
    future: fc.nat({ max: 15 }).map((n) => n === 0)
  }),
  roulette: fc.record({ k: fc.constant("roulette" as const), who: whoArb, bets: fc.array(betArb, { minLength: 1, maxLength: 4 }) }),
  join: fc.record({ k: fc.constant("join" as const), who: whoArb, tid: tidArb }),
  tournamentCycle: fc.record({ k: fc.constant("tournamentCycle" as const), joiners: fc.uniqueArray(whoArb, { minLength: 0, maxLength: 4 }) }),
  recoveryCycle: fc.record({ k: fc.constant("recoveryCycle" as const), fund: smallAmount, worst: smallAmount, retire: smallAmount }),
  startTournament: fc.record({ k: fc.constant("startTournament" as const), who: adminArb, tid: tidArb, startNow: fc.boolean() }),
  endTournament: fc.record({ k: fc.constant("endTournament" as const), who: adminArb, tid: tidArb, pickActive: fc.boolean() }),
  setLimit: fc.record({ k: fc.constant("setLimit" as const), who: adminArb, target: whoArb, limit: fc.integer({ min: 0, max: 6 }) }),
  setTreasury: fc.record({
    k: fc.constant("setTreasury" as const),
    who: adminArb,
    buckets: fc.array(fc.bigInt({ min: 0n, max: 220_000_000n }), { minLength: 6, maxLength: 6 })
  }),
  setVesting: fc.record({
    k: fc.constant("setVesting" as const),
    who: adminArb,
    durations: fc.array(vestingDuration, { minLength: 6, maxLength: 6 }),
    rewriteReleased: fc.nat({ max: 7 }).map((n) => n === 0)
  }),
  release: fc.record({ k: fc.constant("release" as const), who: adminArb, bucket: fc.integer({ min: 0, max: 5 }), amt: amtArb }),
  bridgeCycle: fc.record({ k: fc.constant("bridgeCycle" as const), who: whoArb, amount: fc.bigInt({ min: 10n, max: 20_000n }), back: amtArb }),
  bridgeWithdraw: fc.record({
    k: fc.constant("bridgeWithdraw" as const),
    who: whoArb,
    amount: fc.oneof(
      { weight: 5, arbitrary: fc.bigInt({ min: 10n, max: 20_000n }) },
      { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: 60_000n }) },
      { weight: 1, arbitrary: fc.constantFrom(0n, 1n) }
    ),
    destLen: fc.constantFrom(20, 20, 32, 7)
  }),
  bridgeDeposit: fc.record({
    k: fc.constant("bridgeDeposit" as const),
    who: adminArb,
    recipient: whoArb,
    amt: amtArb,
    source: fc.nat({ max: 12 })
  }),
  finalizeBridge: fc.record({ k: fc.constant("finalizeBridge" as const), who: adminArb, id: fc.bigInt({ min: 0n, max: 6n }), advanceViews: fc.constantFrom(1n, 1_000n) }),
  seedAmm: fc.record({
    k: fc.constant("seedAmm" as const),
    who: adminArb,
    rng: fc.oneof(fc.bigInt({ min: 1n, max: 20_000_000n }), fc.constantFrom(0n, 1n)),
    usdt: fc.oneof(fc.bigInt({ min: 1n, max: 2_000_000n }), fc.constantFrom(0n, 1n))
  }),
  finalizeBootstrap: fc.record({ k: fc.constant("finalizeBootstrap" as const), who: adminArb })
}

export type Profile = Partial<Record<StepKind, number>>

/** every kind at once, the default mix */
export const MIXED: Profile = {
  advance: 8,
  register: 1,
  faucet: 1,
  swap: 8,
  swapRoundTrip: 2,
  addLiquidity: 3,
  removeLiquidity: 2,
  lpRoundTrip: 2,
  leverage: 4,
  createVault: 2,
  depositCollateral: 3,
  withdrawCollateral: 2,
  borrow: 5,
  repay: 3,
  liquidate: 2,
  keeperSweep: 2,
  depositSavings: 3,
  withdrawSavings: 2,
  claimSavings: 2,
  stake: 3,
  unstake: 2,
  claimRewards: 2,
  processEpoch: 3,
  fundRecovery: 1,
  retireDebt: 1,
  retireWorst: 1,
  setPolicy: 2,
  updateOracle: 1,
  roulette: 5,
  join: 3,
  startTournament: 2,
  endTournament: 2,
  setLimit: 1,
  setTreasury: 1,
  setVesting: 1,
  release: 1,
  bridgeWithdraw: 2,
  bridgeDeposit: 1,
  finalizeBridge: 1,
  seedAmm: 1,
  finalizeBootstrap: 1
}

export const stepArb = (profile: Profile): fc.Arbitrary<Step> => {
  const entries: Array<fc.WeightedArbitrary<Step>> = []
  for (const [kind, arbitrary] of Object.entries(STEP_ARBS)) {
    const weight = Object.entries(profile).find(([k]) => k === kind)?.[1] ?? 0
    if (weight > 0) entries.push({ weight, arbitrary })
  }
  return fc.oneof(...entries)
}

export const sequenceArb = (profile: Profile, maxLength: number): fc.Arbitrary<Step[]> =>
  fc.array(stepArb(profile), { minLength: Math.floor(maxLength / 2), maxLength })
