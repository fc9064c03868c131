/**
 * Executes abstract steps (arbitraries.ts) against a World: resolves amounts against the live
 * state, signs, applies one transaction per block and hands every record to the checkers.
 *
 * Multi-transaction blocks (`block` steps, with `blocks: true`): the signed transactions, laid out
 * as the step says (reordered, duplicated), run as ONE block in the world. A mirror world, kept
 * identical block by block, runs the same transactions one per block at the same view and seed,
 * which yields the state before and after every transaction for the checkers. After each block
 * the runner asserts that both agree: every transaction output equal, the same state root. So the
 * laws are checked after every transaction, and "a block of k transactions = k blocks of one at
 * the same view" is itself asserted (nothing may depend on the position inside a block).
 */
import { expect } from "vitest"
import { U64_MAX, utf8 } from "../../codec/bytes.ts"
import { roulette } from "../../games/roulette/roulette.ts"
import type { Instruction } from "../../tx/instruction.ts"
import type { Signer } from "../../tx/sign.ts"
import { TREASURY_BUCKETS } from "../treasury-records.ts"
import type { Transaction } from "../../tx/transaction.ts"
import type { Amt, BlockLayout, BlockTx, Step } from "./arbitraries.ts"
import { ACTORS, ADMIN, KEEPER, World, type GenesisOptions, type Snap, type TxRecord } from "./harness.ts"

export interface Checker {
  /** after every transaction */
  readonly tx?: (r: TxRecord) => void
  /** after every step, with the transactions it produced */
  readonly step?: (step: Step, records: ReadonlyArray<TxRecord>, world: World) => void
}

const resolve = (a: Amt, base: bigint): bigint => {
  const v = "raw" in a ? a.raw : (base * BigInt(a.ppm)) / 1_000_000n
  return v > U64_MAX ? U64_MAX : v
}

const actor = (i: number): Signer => ACTORS[i] ?? ADMIN

export const swapOutput = (r: TxRecord): bigint | undefined => {
  for (const e of r.out.events) if (e._tag === "AmmSwapped") return e.amount_out
  return undefined
}

export const sharesMinted = (r: TxRecord): bigint | undefined => {
  for (const e of r.out.events) if (e._tag === "LiquidityAdded") return e.shares_minted
  return undefined
}

const chipsOf = (s: Snap, k: string): bigint => s.players.get(k)?.chips ?? 0n
const vusdtOf = (s: Snap, k: string): bigint => s.players.get(k)?.vusdt_balance ?? 0n

/** how much more the owner could borrow at spot with the new-account LTV (a base for borrow fractions) */
const headroom = (s: Snap, k: string): bigint => {
  const v = s.vaults.get(k)
  if (v === undefined || s.pool.reserve_rng === 0n) return 1_000n
  const max = (v.collateral_rng * s.pool.reserve_vusdt * BigInt(s.policy.max_ltv_bps_new)) / (s.pool.reserve_rng * 10_000n)
  return max > v.debt_vusdt ? max - v.debt_vusdt : 1_000n
}

/** the transactions of a block in the layout's order, with the duplicates inserted */
export const layOut = <T>(signed: ReadonlyArray<T>, layout: BlockLayout): T[] => {
  let out: T[]
  if (layout.order === "reversed") out = [...signed].reverse()
  else if (layout.order === "shuffled") {
    out = signed
      .map((t, i) => ({ t, key: layout.keys[i] ?? i, i }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map((x) => x.t)
  } else out = [...signed]
  for (const d of layout.duplicates) {
    const copy = out[d.from % Math.max(1, out.length)]
    if (copy !== undefined) out.splice(Math.min(d.at, out.length), 0, copy)
  }
  return out
}

/** what one block step did: how many transactions, and of which outcome */
export interface BlockTally {
  blocks: number
  hostile: number
  transactions: number
  skipped: number
  applied: number
  /** blocks in which two applied swaps ran */
  twoSwaps: number
  /** blocks in which a repay and a liquidation of the same vault both ran (either may fail) */
  repayRacingLiquidation: number
}

export const emptyBlockTally = (): BlockTally => ({ blocks: 0, hostile: 0, transactions: 0, skipped: 0, applied: 0, twoSwaps: 0, repayRacingLiquidation: 0 })

export interface RunnerOptions {
  /** record store dumps around every transaction (failure hygiene) */
  readonly dumps?: boolean
  /** run `block` steps: keeps a mirror world (see the module comment) */
  readonly blocks?: boolean
  readonly blockTally?: BlockTally
}

export class Runner {
  readonly world: World
  private readonly mirror: World | null
  private readonly blockTally: BlockTally | null
  private pending = 1n
  private tournament = 100n

  constructor(
    options: GenesisOptions,
    private readonly checkers: ReadonlyArray<Checker>,
    runnerOptions: boolean | RunnerOptions = false
  ) {
    const o: RunnerOptions = typeof runnerOptions === "boolean" ? { dumps: runnerOptions } : runnerOptions
    this.world = new World(options)
    this.world.dumps = o.dumps === true
    this.mirror = o.blocks === true ? new World(options) : null
    this.blockTally = o.blockTally ?? null
  }

  private nowAfterAdvance(): bigint {
    return (this.world.chain.view + this.pending) * 3n
  }

  private apply(who: Signer, ix: Instruction, extraAdvance = 0n): TxRecord {
    const r = this.world.apply(who, ix, this.pending + extraAdvance)
    if (this.mirror !== null) {
      const m = this.mirror.apply(who, ix, this.pending + extraAdvance)
      expect(m.out).toEqual(r.out)
    }
    this.pending = 1n
    for (const c of this.checkers) c.tx?.(r)
    return r
  }

  /** one multi-transaction block (see the module comment); returns the mirror's per-transaction records */
  private applyBlock(entries: ReadonlyArray<{ readonly who: Signer; readonly ix: Instruction }>, layout: BlockLayout): TxRecord[] {
    const mirror = this.mirror
    if (mirror === null) throw new Error("block steps need a Runner with { blocks: true }")
    const view = this.world.chain.view + this.pending
    this.pending = 1n
    const signed: Array<{ readonly who: Signer; readonly ix: Instruction; readonly tx: Transaction }> = entries.map((e) => ({ ...e, tx: this.world.sign(e.who, e.ix) }))
    const laidOut = layOut(signed, layout)
    const result = this.world.applyBlockAt(laidOut.map((e) => e.tx), view)
    const records: TxRecord[] = []
    laidOut.forEach((e, i) => {
      const rootBefore = mirror.chain.stateRoot()
      const r = mirror.applySignedAt(e.who, e.ix, e.tx, view)
      expect(result.outputs[i], `transaction ${i} of the block: one block of many = many blocks of one`).toEqual(r.out)
      if (r.out.status === "skipped") expect(mirror.chain.stateRoot(), "a skipped transaction changes nothing").toBe(rootBefore)
      records.push(r)
      for (const c of this.checkers) c.tx?.(r)
    })
    expect(result.state_root, "the block's state root equals the mirror's after the same transactions").toBe(mirror.chain.stateRoot())
    expect(result.outputs.length).toBe(laidOut.length)
    // a transaction never executes twice: a copy after an executed (applied or failed) one is skipped
    const executed = new Set<string>()
    result.outputs.forEach((o) => {
      if (executed.has(o.tx_id)) expect(o.status, "a replayed copy inside a block is skipped").toBe("skipped")
      if (o.status !== "skipped") executed.add(o.tx_id)
    })
    this.world.resyncNonces()
    mirror.resyncNonces()
    this.tallyBlock(layout, records)
    return records
  }

  private tallyBlock(layout: BlockLayout, records: ReadonlyArray<TxRecord>): void {
    const t = this.blockTally
    if (t === null) return
    t.blocks++
    if (layout.order !== "signed" || layout.duplicates.length > 0) t.hostile++
    t.transactions += records.length
    t.skipped += records.filter((r) => r.out.status === "skipped").length
    t.applied += records.filter((r) => r.out.status === "applied").length
    if (records.filter((r) => r.ix._tag === "Swap" && r.out.status === "applied").length >= 2) t.twoSwaps++
    const repaid = new Set(records.filter((r) => r.ix._tag === "RepayUSDT" && r.out.status !== "skipped").map((r) => r.who.public_key))
    if (records.some((r) => r.ix._tag === "LiquidateVault" && r.out.status !== "skipped" && repaid.has(r.ix.target))) t.repayRacingLiquidation++
  }

  /** a block transaction as an instruction, amounts resolved against `s` (the state at the start of the block) */
  private blockEntry(s: Snap, b: BlockTx): { who: Signer; ix: Instruction } {
    const who = b.t === "liquidate" && b.byKeeper ? KEEPER : actor(b.who)
    const me = who.public_key
    switch (b.t) {
      case "swap":
        return { who, ix: { _tag: "Swap", amount_in: resolve(b.amt, b.buy ? vusdtOf(s, me) : chipsOf(s, me)), min_amount_out: 0n, is_buying_rng: b.buy } }
      case "addLiquidity":
        return { who, ix: { _tag: "AddLiquidity", rng_amount: resolve(b.rng, chipsOf(s, me)), usdt_amount: resolve(b.usdt, vusdtOf(s, me)) } }
      case "removeLiquidity":
        return { who, ix: { _tag: "RemoveLiquidity", shares: resolve(b.shares, s.lp.get(me) ?? 1_000n) } }
      case "depositCollateral":
        return { who, ix: { _tag: "DepositCollateral", amount: resolve(b.amt, chipsOf(s, me)) } }
      case "withdrawCollateral":
        return { who, ix: { _tag: "WithdrawCollateral", amount: resolve(b.amt, s.vaults.get(me)?.collateral_rng ?? 1_000n) } }
      case "borrow":
        return { who, ix: { _tag: "BorrowUSDT", amount: resolve(b.amt, headroom(s, me)) } }
      case "repay":
        return { who, ix: { _tag: "RepayUSDT", amount: resolve(b.amt, s.vaults.get(me)?.debt_vusdt ?? 1_000n) } }
      case "liquidate":
        return { who, ix: { _tag: "LiquidateVault", target: actor(b.target).public_key } }
      case "depositSavings":
        return { who, ix: { _tag: "DepositSavings", amount: resolve(b.amt, vusdtOf(s, me)) } }
      case "withdrawSavings":
        return { who, ix: { _tag: "WithdrawSavings", amount: resolve(b.amt, s.savings.get(me)?.deposit_balance ?? 1_000n) } }
      case "roulette": {
        // start and bet in the same block: the move follows the start in signed order
        const session_id = this.world.nextSessionId()
        return { who, ix: { _tag: "StartGame", game_type: 6, bet: 0n, session_id } }
      }
    }
  }

  run(steps: ReadonlyArray<Step>): void {
    for (const step of steps) {
      const records = this.step(step)
      for (const c of this.checkers) c.step?.(step, records, this.world)
    }
  }

  private step(step: Step): TxRecord[] {
    const s = this.world.snap()
    const who = "who" in step ? actor(step.who) : ADMIN
    const me = who.public_key
    switch (step.k) {
      case "block": {
        const entries: Array<{ who: Signer; ix: Instruction }> = []
        for (const b of step.txs) {
          const e = this.blockEntry(s, b)
          entries.push(e)
          if (b.t === "roulette" && e.ix._tag === "StartGame") {
            entries.push({ who: e.who, ix: { _tag: "GameMove", session_id: e.ix.session_id, payload: roulette.encodeMove({ _tag: "Batch", bets: [...b.bets] }) } })
          }
        }
        return this.applyBlock(entries, step.layout)
      }
      case "advance":
        this.pending += step.views
        return []
      case "register":
        return [this.apply(who, { _tag: "CasinoRegister", name: "late" })]
      case "faucet":
        return [this.apply(who, { _tag: "CasinoDeposit", amount: step.amount })]
      case "swap": {
        const base = step.buy ? vusdtOf(s, me) : chipsOf(s, me)
        const min_amount_out = step.impossibleMin ? 10n ** 18n : 0n
        return [this.apply(who, { _tag: "Swap", amount_in: resolve(step.amt, base), min_amount_out, is_buying_rng: step.buy })]
      }
      case "swapRoundTrip": {
        const base = step.buyFirst ? vusdtOf(s, me) : chipsOf(s, me)
        const first = this.apply(who, { _tag: "Swap", amount_in: resolve(step.amt, base), min_amount_out: 0n, is_buying_rng: step.buyFirst })
        const got = swapOutput(first)
        if (first.out.status !== "applied" || got === undefined || got === 0n) return [first]
        return [first, this.apply(who, { _tag: "Swap", amount_in: got, min_amount_out: 0n, is_buying_rng: !step.buyFirst })]
      }
      case "addLiquidity":
        return [this.apply(who, { _tag: "AddLiquidity", rng_amount: resolve(step.rng, chipsOf(s, me)), usdt_amount: resolve(step.usdt, vusdtOf(s, me)) })]
      case "removeLiquidity":
        return [this.apply(who, { _tag: "RemoveLiquidity", shares: resolve(step.shares, s.lp.get(me) ?? 1_000n) })]
      case "lpRoundTrip": {
        const add = this.apply(who, { _tag: "AddLiquidity", rng_amount: resolve(step.rng, chipsOf(s, me)), usdt_amount: resolve(step.usdt, vusdtOf(s, me)) })
        const minted = sharesMinted(add)
        if (add.out.status !== "applied" || minted === undefined) return [add]
        return [add, this.apply(who, { _tag: "RemoveLiquidity", shares: minted })]
      }
      case "leverage": {
        const out: TxRecord[] = []
        if (!s.vaults.has(me)) out.push(this.apply(who, { _tag: "CreateVault" }))
        out.push(this.apply(who, { _tag: "DepositCollateral", amount: resolve(step.deposit, chipsOf(s, me)) }))
        out.push(this.apply(who, { _tag: "BorrowUSDT", amount: resolve(step.borrow, headroom(this.world.snap(), me)) }))
        return out
      }
      case "createVault":
        return [this.apply(who, { _tag: "CreateVault" })]
      case "depositCollateral":
        return [this.apply(who, { _tag: "DepositCollateral", amount: resolve(step.amt, chipsOf(s, me)) })]
      case "withdrawCollateral":
        return [this.apply(who, { _tag: "WithdrawCollateral", amount: resolve(step.amt, s.vaults.get(me)?.collateral_rng ?? 1_000n) })]
      case "borrow":
        return [this.apply(who, { _tag: "BorrowUSDT", amount: resolve(step.amt, headroom(s, me)) })]
      case "repay":
        return [this.apply(who, { _tag: "RepayUSDT", amount: resolve(step.amt, s.vaults.get(me)?.debt_vusdt ?? 1_000n) })]
      case "liquidate":
        return [this.apply(who, { _tag: "LiquidateVault", target: actor(step.target).public_key })]
      case "keeperSweep": {
        const out: TxRecord[] = []
        for (const [target, v] of s.vaults) if (v.debt_vusdt > 0n) out.push(this.apply(KEEPER, { _tag: "LiquidateVault", target: ACTORS.find((a) => a.public_key === target)?.public_key ?? ADMIN.public_key }))
        return out
      }
      case "depositSavings":
        return [this.apply(who, { _tag: "DepositSavings", amount: resolve(step.amt, vusdtOf(s, me)) })]
      case "withdrawSavings":
        return [this.apply(who, { _tag: "WithdrawSavings", amount: resolve(step.amt, s.savings.get(me)?.deposit_balance ?? 1_000n) })]
      case "claimSavings":
        return [this.apply(who, { _tag: "ClaimSavingsRewards" })]
      case "savingsCycle": {
        // deposit, let interest run, have a borrower touch its vault (accrual reaches the pool), claim
        const out = [this.apply(who, { _tag: "DepositSavings", amount: resolve(step.amt, vusdtOf(s, me)) })]
        this.pending += step.wait
        const now = this.world.snap()
        const borrower = ACTORS.find((a) => (now.vaults.get(a.public_key)?.debt_vusdt ?? 0n) > 0n && vusdtOf(now, a.public_key) > 0n)
        if (borrower !== undefined) out.push(this.apply(borrower, { _tag: "RepayUSDT", amount: 1n }))
        out.push(this.apply(who, { _tag: "ClaimSavingsRewards" }))
        const left = this.world.snap().savings.get(me)?.deposit_balance ?? 0n
        if (left > 0n) out.push(this.apply(who, { _tag: "WithdrawSavings", amount: resolve(step.amt, left) }))
        return out
      }
      case "stakeCycle": {
        // stake, let the house play a round, close the epoch, claim
        const out = [this.apply(who, { _tag: "Stake", amount: resolve(step.amt, chipsOf(s, me)), duration: step.duration })]
        for (const player of ACTORS.slice(1, 4)) {
          const session_id = this.world.nextSessionId()
          const start = this.apply(player, { _tag: "StartGame", game_type: 6, bet: 0n, session_id })
          out.push(start)
          if (start.out.status === "applied") out.push(this.apply(player, { _tag: "GameMove", session_id, payload: roulette.encodeMove({ _tag: "Batch", bets: [...step.bets] }) }))
        }
        this.pending += 100n
        out.push(this.apply(who, { _tag: "ProcessEpoch" }))
        out.push(this.apply(who, { _tag: "ClaimRewards" }))
        return out
      }
      case "stake":
        return [this.apply(who, { _tag: "Stake", amount: resolve(step.amt, chipsOf(s, me)), duration: step.duration })]
      case "unstake":
        return [this.apply(who, { _tag: "Unstake" })]
      case "claimRewards":
        return [this.apply(who, { _tag: "ClaimRewards" })]
      case "processEpoch":
        return [this.apply(who, { _tag: "ProcessEpoch" })]
      case "fundRecovery":
        return [this.apply(who, { _tag: "FundRecoveryPool", amount: step.amount })]
      case "retireDebt":
        return [this.apply(who, { _tag: "RetireVaultDebt", target: actor(step.target).public_key, amount: step.amount })]
      case "retireWorst":
        return [this.apply(who, { _tag: "RetireWorstVaultDebt", amount: step.amount })]
      case "setPolicy":
        return [this.apply(who, { _tag: "SetPolicy", policy: step.policy })]
      case "stressPolicy":
        return [this.apply(ADMIN, { _tag: "SetPolicy", policy: step.policy })]
      case "stressSweep":
        return [this.apply(ADMIN, { _tag: "SetPolicy", policy: step.policy }), ...this.step({ k: "keeperSweep" })]
      case "deleverage": {
        const out: TxRecord[] = []
        const debt = s.vaults.get(me)?.debt_vusdt ?? 0n
        if (debt > 0n) out.push(this.apply(who, { _tag: "RepayUSDT", amount: resolve(step.repay, debt) }))
        out.push(this.apply(who, { _tag: "WithdrawCollateral", amount: resolve(step.withdraw, this.world.snap().vaults.get(me)?.collateral_rng ?? 1_000n) }))
        return out
      }
      case "updateOracle": {
        const now = this.nowAfterAdvance()
        const [rv, rr] = s.pool.reserve_rng > 0n ? [s.pool.reserve_vusdt, s.pool.reserve_rng] : [1n, 10n]
        const num = rv * BigInt(step.ppm)
        const den = step.zeroDen ? 0n : rr * 1_000_000n
        const age = step.ageViews * 3n
        const updated_ts = step.future ? now + 3_000n : age === 0n ? 0n : now > age ? now - age : 1n
        return [this.apply(who, { _tag: "UpdateOracle", price_vusdt_numerator: num, price_rng_denominator: den, updated_ts, source: utf8("feed") })]
      }
      case "roulette": {
        const session_id = this.world.nextSessionId()
        const start = this.apply(who, { _tag: "StartGame", game_type: 6, bet: 0n, session_id })
        if (start.out.status !== "applied") return [start]
        return [start, this.apply(who, { _tag: "GameMove", session_id, payload: roulette.encodeMove({ _tag: "Batch", bets: [...step.bets] }) })]
      }
      case "join":
        return [this.apply(who, { _tag: "CasinoJoinTournament", tournament_id: step.tid })]
      case "tournamentCycle": {
        // a fresh tournament: players join, it starts with an end time already past, it ends and pays
        const tournament_id = this.tournament++
        const out = step.joiners.map((j) => this.apply(actor(j), { _tag: "CasinoJoinTournament", tournament_id }))
        out.push(this.apply(ADMIN, { _tag: "CasinoStartTournament", tournament_id, start_time_ms: 0n, end_time_ms: 300_000n }))
        out.push(this.apply(ADMIN, { _tag: "CasinoEndTournament", tournament_id }))
        return out
      }
      case "recoveryCycle": {
        const out = [this.apply(ADMIN, { _tag: "FundRecoveryPool", amount: step.fund })]
        out.push(this.apply(ADMIN, { _tag: "RetireWorstVaultDebt", amount: step.worst }))
        const owner = ACTORS.find((a) => (this.world.snap().vaults.get(a.public_key)?.debt_vusdt ?? 0n) > 0n)
        if (owner !== undefined) out.push(this.apply(ADMIN, { _tag: "RetireVaultDebt", target: owner.public_key, amount: step.retire }))
        return out
      }
      case "startTournament": {
        const start = step.startNow ? this.nowAfterAdvance() * 1_000n : 0n
        return [this.apply(who, { _tag: "CasinoStartTournament", tournament_id: step.tid, start_time_ms: start, end_time_ms: start + 300_000n })]
      }
      case "endTournament": {
        const active = [...s.tournaments.values()].find((t) => t.phase === "active")
        const tournament_id = step.pickActive && active !== undefined ? active.id : step.tid
        return [this.apply(who, { _tag: "CasinoEndTournament", tournament_id })]
      }
      case "setLimit":
        return [this.apply(who, { _tag: "CasinoSetTournamentLimit", player: actor(step.target).public_key, daily_limit: step.limit })]
      case "setTreasury": {
        const b = (i: number): bigint => step.buckets[i] ?? 0n
        return [this.apply(who, { _tag: "SetTreasury", allocation: { auction: b(0), liquidity: b(1), bonus: b(2), player: b(3), treasury: b(4), team: b(5) } })]
      }
      case "setVesting": {
        const now = this.nowAfterAdvance()
        const sched = (i: number) => {
          const bucket = TREASURY_BUCKETS[i] ?? "auction"
          const released = s.vesting[bucket].released
          return { start_ts: now - 3_000n, duration_secs: step.durations[i] ?? 0n, released: step.rewriteReleased && i === 0 ? (released === 0n ? 1n : 0n) : released }
        }
        return [this.apply(who, { _tag: "SetTreasuryVesting", schedules: { auction: sched(0), liquidity: sched(1), bonus: sched(2), player: sched(3), treasury: sched(4), team: sched(5) } })]
      }
      case "release": {
        const bucket = TREASURY_BUCKETS[step.bucket] ?? "auction"
        return [this.apply(who, { _tag: "ReleaseTreasuryAllocation", bucket: step.bucket, amount: resolve(step.amt, s.treasury[bucket] / 4n) })]
      }
      case "bridgeCycle": {
        // out to the EVM side, finalized after the delay, part of it coming back under a fresh source
        const out = [this.apply(who, { _tag: "BridgeWithdraw", amount: step.amount, destination: new Uint8Array(20).fill(9) })]
        const id = this.world.snap().bridge.next_withdrawal_id - 1n
        out.push(this.apply(ADMIN, { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: id < 0n ? 0n : id, source: utf8(`evm-final-${id}`) }, 200n))
        const b = this.world.snap().bridge
        const back = resolve(step.back, b.total_withdrawn - b.total_deposited)
        out.push(this.apply(ADMIN, { _tag: "BridgeDeposit", recipient: me, amount: back, source: utf8(`evm-back-${b.total_withdrawn}-${b.total_deposited}`) }))
        return out
      }
      case "bridgeWithdraw":
        return [this.apply(who, { _tag: "BridgeWithdraw", amount: step.amount, destination: new Uint8Array(step.destLen).fill(7) })]
      case "bridgeDeposit": {
        const outstanding = s.bridge.total_withdrawn - s.bridge.total_deposited
        const amount = resolve(step.amt, outstanding > 0n ? outstanding : 1_000n)
        return [this.apply(who, { _tag: "BridgeDeposit", recipient: actor(step.recipient).public_key, amount, source: utf8(`evm-tx-${step.source}`) })]
      }
      case "finalizeBridge":
        return [this.apply(who, { _tag: "FinalizeBridgeWithdrawal", withdrawal_id: step.id, source: utf8(`evm-final-${step.id}`) }, step.advanceViews - 1n)]
      case "seedAmm":
        return [this.apply(who, { _tag: "SeedAmm", rng_amount: step.rng, usdt_amount: step.usdt, boot_num: 1n, boot_den: 10n })]
      case "finalizeBootstrap":
        return [this.apply(who, { _tag: "FinalizeAmmBootstrap" })]
    }
  }
}
