/**
 * The world the economy property tests run in: a chain with an admin, five players, a keeper
 * holding plenty of vUSDT (so "someone with enough vUSDT" always exists) and an unregistered key,
 * optionally a seeded AMM pool; every instruction is signed and applied through Chain.applyBlock,
 * one transaction per block, with a snapshot of the economic state before and after it, or several
 * already-signed transactions as one block (applyBlockAt; see run.ts for how those are checked
 * transaction by transaction).
 */
import { Chain } from "../../chain/chain.ts"
import { defaultChainConfig } from "../../chain/config.ts"
import { SECONDS_PER_VIEW } from "../../chain/constants.ts"
import { house, type House } from "../../casino/house.ts"
import { newPlayer, players, type Player } from "../../casino/player.ts"
import type { BlockResult, TxOutput } from "../../execute/output.ts"
import { testSeed } from "../../test/helpers.ts"
import type { Instruction } from "../../tx/instruction.ts"
import { actorSigner, signTransaction, type Signer } from "../../tx/sign.ts"
import type { Transaction } from "../../tx/transaction.ts"
import { isqrt } from "../amm/math.ts"
import { ammPool, lpBalances, type AmmPool } from "../amm/pool.ts"
import { bridgeState, type BridgeState } from "../bridge/bridge.ts"
import { oracleState, type OracleState } from "../oracle/oracle.ts"
import { DEFAULT_POLICY, type Policy } from "../policy.ts"
import { policyState } from "../policy-state.ts"
import { savingsBalances, savingsPool, type SavingsBalance, type SavingsPool } from "../savings/savings.ts"
import { stakers, type Staker } from "../staking/staker.ts"
import { tournaments, type Tournament } from "../tournament/tournament.ts"
import type { TreasuryAllocation, TreasuryVesting } from "../treasury-records.ts"
import { treasury, treasuryVesting } from "../treasury/treasury.ts"
import { vaults, type Vault } from "../vault/vault.ts"

export const ADMIN = actorSigner("econ-admin")
export const KEEPER = actorSigner("econ-keeper")
export const PLAYERS = ["econ-ann", "econ-ben", "econ-cat", "econ-dan", "econ-eve"].map(actorSigner)
/** not registered at genesis: exercises PlayerNotFound and CasinoRegister */
export const GHOST = actorSigner("econ-ghost")
/** the keys random steps sign with (index = `who`) */
export const ACTORS: ReadonlyArray<Signer> = [ADMIN, ...PLAYERS, GHOST]

/** day 1,000 of chain time, like the conformance vectors */
export const GENESIS_VIEW = 28_800_000n
export const GENESIS_S = GENESIS_VIEW * SECONDS_PER_VIEW
const DAY_S = 86_400n

export const GENESIS_CHIPS = 400_000n
export const GENESIS_VUSDT = 40_000n
export const KEEPER_VUSDT = 10n ** 13n
export const POOL_RNG = 10_000_000n
export const POOL_VUSDT = 1_000_000n

/** defaults plus an open bridge with caps small enough to be hit, and a high stability fee so savings earn */
export const OPEN_ECONOMY: Policy = {
  ...DEFAULT_POLICY,
  stability_fee_apr_bps: 5_000,
  bridge_paused: false,
  bridge_daily_limit: 100_000n,
  bridge_daily_limit_per_account: 40_000n,
  bridge_min_withdraw: 10n,
  bridge_max_withdraw: 30_000n,
  bridge_delay_secs: 300n
}

export interface GenesisOptions {
  /** seed the AMM pool at genesis (else SeedAmm / the first AddLiquidity must do it) */
  readonly seeded: boolean
  readonly policy?: Policy
  /** reserves of the genesis pool (default POOL_RNG / POOL_VUSDT) */
  readonly pool?: { readonly rng: bigint; readonly vusdt: bigint }
}

export interface Snap {
  readonly view: bigint
  readonly players: ReadonlyMap<string, Player>
  readonly vaults: ReadonlyMap<string, Vault>
  readonly lp: ReadonlyMap<string, bigint>
  readonly savings: ReadonlyMap<string, SavingsBalance>
  readonly stakers: ReadonlyMap<string, Staker>
  readonly tournaments: ReadonlyMap<string, Tournament>
  readonly pool: AmmPool
  readonly house: House
  readonly policy: Policy
  readonly oracle: OracleState
  readonly savingsPool: SavingsPool
  readonly bridge: BridgeState
  readonly treasury: TreasuryAllocation
  readonly vesting: TreasuryVesting
}

export const snapshot = (chain: Chain): Snap => {
  const s = chain.store
  return {
    view: chain.view,
    players: new Map(players.entries(s)),
    vaults: new Map(vaults.entries(s)),
    lp: new Map(lpBalances.entries(s).map(([k, v]) => [k, v.shares])),
    savings: new Map(savingsBalances.entries(s)),
    stakers: new Map(stakers.entries(s)),
    tournaments: new Map(tournaments.entries(s)),
    pool: ammPool.get(s),
    house: house.get(s),
    policy: policyState.get(s),
    oracle: oracleState.get(s),
    savingsPool: savingsPool.get(s),
    bridge: bridgeState.get(s),
    treasury: treasury.get(s),
    vesting: treasuryVesting.get(s)
  }
}

/** one applied (or refused) transaction with the state around it */
export interface TxRecord {
  readonly who: Signer
  readonly ix: Instruction
  readonly out: TxOutput
  readonly pre: Snap
  readonly post: Snap
  /** chain time of the block the transaction ran in */
  readonly now_s: bigint
  /** store dumps (accounts excluded) around the transaction, when the world records them */
  readonly dumpBefore: string
  readonly dumpAfter: string
}

export class World {
  readonly chain: Chain
  private readonly nonces = new Map<string, bigint>()
  private session = 1n
  /** record store dumps around every transaction (failure hygiene) */
  dumps = false

  constructor(options: GenesisOptions) {
    this.chain = new Chain(defaultChainConfig([ADMIN.public_key]))
    this.chain.genesis((store) => {
      if (options.policy !== undefined) policyState.put(store, options.policy)
      let chips = 0n
      let vusdt = 0n
      const registered = [ADMIN, ...PLAYERS]
      registered.forEach((who, i) => {
        // half the accounts are old enough for the mature tier and the full tournament limit
        const created = i % 2 === 0 ? GENESIS_S - 40n * DAY_S : GENESIS_S - 3_600n
        const p: Player = { ...newPlayer(`p${i}`, GENESIS_CHIPS, created), vusdt_balance: GENESIS_VUSDT, daily_limit: 1 + (i % 4) }
        players.put(store, who.public_key, p)
        chips += p.chips
        vusdt += p.vusdt_balance
      })
      players.put(store, KEEPER.public_key, { ...newPlayer("keeper", 0n, GENESIS_S - 40n * DAY_S), vusdt_balance: KEEPER_VUSDT })
      vusdt += KEEPER_VUSDT
      if (options.seeded) {
        const rng = options.pool?.rng ?? POOL_RNG
        const usd = options.pool?.vusdt ?? POOL_VUSDT
        ammPool.put(store, { ...ammPool.get(store), reserve_rng: rng, reserve_vusdt: usd, total_shares: isqrt(rng * usd) })
        chips += rng
        vusdt += usd
      }
      house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + chips, vusdt_minted: h.vusdt_minted + vusdt }))
    }, GENESIS_VIEW)
  }

  snap(): Snap {
    return snapshot(this.chain)
  }

  nextSessionId(): bigint {
    return this.session++
  }

  /** sign with the next nonce of `who` this world has handed out (or the chain's, after resyncNonces) */
  sign(who: Signer, ix: Instruction): Transaction {
    const nonce = this.nonces.get(who.public_key) ?? this.chain.nonceOf(who.public_key)
    this.nonces.set(who.public_key, nonce + 1n)
    return signTransaction(who, nonce, ix)
  }

  /** forget the handed-out nonces (after a block that skipped some): signing follows the chain again */
  resyncNonces(): void {
    this.nonces.clear()
  }

  /** sign and apply one transaction in its own block, `advance` views after the last one */
  apply(who: Signer, ix: Instruction, advance = 1n): TxRecord {
    return this.applySignedAt(who, ix, this.sign(who, ix), this.chain.view + (advance < 1n ? 1n : advance))
  }

  /** apply an already-signed transaction alone in a block at `view` (which may equal the chain's view) */
  applySignedAt(who: Signer, ix: Instruction, tx: Transaction, view: bigint): TxRecord {
    const pre = this.snap()
    const dumpBefore = this.dumps ? this.chain.store.dumpJson(["account"]) : ""
    const result = this.applyBlockAt([tx], view)
    const out = result.outputs[0]
    if (out === undefined) throw new Error("a block with one transaction produced no output")
    const dumpAfter = this.dumps ? this.chain.store.dumpJson(["account"]) : ""
    return { who, ix, out, pre, post: this.snap(), now_s: view * SECONDS_PER_VIEW, dumpBefore, dumpAfter }
  }

  /** apply signed transactions, in this order, as one block at `view`, with the block seed of that view */
  applyBlockAt(transactions: ReadonlyArray<Transaction>, view: bigint): BlockResult {
    return this.chain.applyBlock({ parent: this.chain.last_digest, view, height: this.chain.height + 1n, seed: testSeed(view), transactions: [...transactions] })
  }
}

export const sum = (xs: Iterable<bigint>): bigint => {
  let t = 0n
  for (const x of xs) t += x
  return t
}
