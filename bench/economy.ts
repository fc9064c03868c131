/**
 * Economy throughput in simulation mode: swaps, borrows and epoch closes as signed transactions
 * executed through Chain.applyBlock (500 per block for swaps and borrows), each against a raw
 * loop of the same math in the same run (amm/math.ts quote + sellTaxBps; vault/accrue.ts + the
 * LTV check; staking/rewards.ts closeEpoch) with no transactions and no state.
 * Transactions are signed before timing; a fresh chain with the genesis state is built before
 * every timed iteration (not timed). Ratios are raw rate / engine rate: how many raw math steps
 * fit in the time of one transaction through the full path (signed tx, nonce, journal, events,
 * state root per block).
 */
import { Bench } from "tinybench"
import { Chain } from "../engine/chain/chain.ts"
import { defaultChainConfig } from "../engine/chain/config.ts"
import { devSeed } from "../engine/chain/dev-seed.ts"
import { SECONDS_PER_VIEW } from "../engine/chain/constants.ts"
import { emptyHouse, house, type House } from "../engine/casino/house.ts"
import { newPlayer, players } from "../engine/casino/player.ts"
import { BPS, quote, sellTaxBps } from "../engine/economy/amm/math.ts"
import { ammPool } from "../engine/economy/amm/pool.ts"
import { DEFAULT_POLICY } from "../engine/economy/policy.ts"
import { closeEpoch, EPOCH_LENGTH_VIEWS } from "../engine/economy/staking/rewards.ts"
import { stakers } from "../engine/economy/staking/staker.ts"
import { accrue } from "../engine/economy/vault/accrue.ts"
import { vaults, type Vault } from "../engine/economy/vault/vault.ts"
import { isqrt } from "../engine/economy/amm/math.ts"
import { actorSigner, signTransaction, type Signer } from "../engine/tx/sign.ts"
import type { Instruction } from "../engine/tx/instruction.ts"
import type { Transaction } from "../engine/tx/transaction.ts"
import { meanMs, type BenchReport } from "./report.ts"

const ACCOUNTS = 500
const BLOCKS = 4
const EPOCHS = 200
const GENESIS_VIEW = 28_800_000n
const NOW_S = GENESIS_VIEW * SECONDS_PER_VIEW
const CHIPS = 1_000_000_000n
const VUSDT = 100_000_000n
const POOL_RNG = 1_000_000_000_000n
const POOL_VUSDT = 100_000_000_000n
const COLLATERAL = 100_000_000n
const SWAP_IN = 1_000n
const BORROW = 100n

const signers: ReadonlyArray<Signer> = Array.from({ length: ACCOUNTS }, (_, i) => actorSigner(`econ-bench-${i}`))

/** a chain at GENESIS_VIEW with funded accounts, a deep pool, a vault per account and one staker */
const freshChain = (): Chain => {
  const chain = new Chain(defaultChainConfig())
  chain.genesis((store) => {
    for (const s of signers) {
      players.put(store, s.public_key, { ...newPlayer("b", CHIPS, NOW_S), vusdt_balance: VUSDT })
      const v: Vault = { collateral_rng: COLLATERAL, debt_vusdt: 0n, last_accrual_ts: NOW_S, interest_remainder: 0n, created_ts: NOW_S }
      vaults.put(store, s.public_key, v)
    }
    ammPool.put(store, { ...ammPool.get(store), reserve_rng: POOL_RNG, reserve_vusdt: POOL_VUSDT, total_shares: isqrt(POOL_RNG * POOL_VUSDT) })
    const first = signers[0]
    if (first !== undefined) stakers.put(store, first.public_key, { balance: 1_000n, unlock_ts: 0n, last_claim_epoch: 0n, voting_power: 1_000n, reward_debt_x18: 0n, unclaimed_rewards: 0n })
    const n = BigInt(ACCOUNTS)
    house.put(store, {
      ...emptyHouse(),
      epoch_start_view: GENESIS_VIEW,
      total_staked_amount: 1_000n,
      total_voting_power: 1_000n,
      chips_minted: n * (CHIPS + COLLATERAL) + POOL_RNG + 1_000n,
      vusdt_minted: n * VUSDT + POOL_VUSDT
    })
  }, GENESIS_VIEW)
  return chain
}

/** BLOCKS blocks of one transaction per account, instruction chosen per (block, account) */
const blocksOf = (ix: (block: number, account: number) => Instruction): Transaction[][] =>
  Array.from({ length: BLOCKS }, (_, b) => signers.map((s, i) => signTransaction(s, BigInt(b), ix(b, i))))

const applyAll = (chain: Chain, blocks: ReadonlyArray<ReadonlyArray<Transaction>>, viewStep: bigint): number => {
  let applied = 0
  for (const txs of blocks) {
    const view = chain.view + viewStep
    const r = chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed: devSeed("econ-bench", view), transactions: [...txs] })
    for (const o of r.outputs) if (o.status === "applied") applied++
  }
  return applied
}

export const benchEconomy = async (): Promise<BenchReport> => {
  const swapBlocks = blocksOf((b, i) => ({ _tag: "Swap", amount_in: SWAP_IN, min_amount_out: 0n, is_buying_rng: (b + i) % 2 === 0 }))
  const borrowBlocks = blocksOf(() => ({ _tag: "BorrowUSDT", amount: BORROW }))
  const keeper = signers[1] ?? signers[0]
  const epochBlocks: Transaction[][] =
    keeper === undefined ? [] : Array.from({ length: EPOCHS }, (_, e) => [signTransaction(keeper, BigInt(e), { _tag: "ProcessEpoch" })])
  const txs = ACCOUNTS * BLOCKS

  // sanity: every measured transaction applies
  const applied = [applyAll(freshChain(), swapBlocks, 1n), applyAll(freshChain(), borrowBlocks, 1n), applyAll(freshChain(), epochBlocks, EPOCH_LENGTH_VIEWS)]
  if (applied[0] !== txs || applied[1] !== txs || applied[2] !== EPOCHS) throw new Error(`bench transactions refused: ${applied.join(", ")}`)

  let chain = freshChain()
  const rebuild = { beforeEach: () => void (chain = freshChain()) }
  const bench = new Bench({ iterations: 5, warmupIterations: 1 })
  bench.add("engine: signed swap blocks", () => void applyAll(chain, swapBlocks, 1n), rebuild)
  bench.add("raw: quote + sell tax loop", () => {
    let r_rng = POOL_RNG
    let r_usd = POOL_VUSDT
    for (let b = 0; b < BLOCKS; b++)
      for (let i = 0; i < ACCOUNTS; i++) {
        if ((b + i) % 2 === 0) {
          const q = quote(SWAP_IN, r_usd, r_rng, 30n)
          if (q === null) throw new Error("quote")
          r_usd += SWAP_IN
          r_rng -= q.out
        } else {
          const tax = sellTaxBps(DEFAULT_POLICY, r_rng, SWAP_IN * BigInt(b + 1))
          const net = SWAP_IN - (SWAP_IN * tax) / BPS
          const q = quote(net, r_rng, r_usd, 30n)
          if (q === null) throw new Error("quote")
          r_rng += net
          r_usd -= q.out
        }
      }
  })
  bench.add("engine: signed borrow blocks", () => void applyAll(chain, borrowBlocks, 1n), rebuild)
  bench.add("raw: accrue + LTV check loop", () => {
    const vs: Vault[] = signers.map(() => ({ collateral_rng: COLLATERAL, debt_vusdt: 0n, last_accrual_ts: NOW_S, interest_remainder: 0n, created_ts: NOW_S }))
    const ltv = BigInt(DEFAULT_POLICY.max_ltv_bps_new)
    for (let b = 0; b < BLOCKS; b++) {
      const now = NOW_S + BigInt(b + 1) * SECONDS_PER_VIEW
      for (let i = 0; i < ACCOUNTS; i++) {
        const v = vs[i]
        if (v === undefined) continue
        const fresh = accrue(v, now, DEFAULT_POLICY.stability_fee_apr_bps).vault
        const debt = fresh.debt_vusdt + BORROW
        if (debt * POOL_RNG * BPS > fresh.collateral_rng * POOL_VUSDT * ltv) throw new Error("ltv")
        vs[i] = { ...fresh, debt_vusdt: debt }
      }
    }
  })
  bench.add("engine: ProcessEpoch blocks", () => void applyAll(chain, epochBlocks, EPOCH_LENGTH_VIEWS), rebuild)
  bench.add("raw: closeEpoch loop", () => {
    let h: House = { ...emptyHouse(), total_voting_power: 1_000n, game_balance: 10n ** 12n }
    for (let e = 0; e < EPOCHS; e++) h = closeEpoch({ ...h, net_pnl: BigInt(e % 7) * 1_000n - 2_000n }, BigInt(e) * EPOCH_LENGTH_VIEWS).house
    if (h.current_epoch !== BigInt(EPOCHS)) throw new Error("epochs")
  })
  await bench.run()
  const [swapEngine, swapRaw, borrowEngine, borrowRaw, epochEngine, epochRaw] = bench.tasks.map((t) => meanMs(t))
  const perSec = (n: number, ms: number | undefined): number => (n / (ms ?? Number.NaN)) * 1000
  const swaps = perSec(txs, swapEngine)
  const swapsRaw = perSec(txs, swapRaw)
  const borrows = perSec(txs, borrowEngine)
  const borrowsRaw = perSec(txs, borrowRaw)
  const epochs = perSec(EPOCHS, epochEngine)
  const epochsRaw = perSec(EPOCHS, epochRaw)
  return {
    name: "economy in simulation mode",
    rows: [
      ["engine swaps/s (signed, 500 per block, state root per block)", swaps],
      ["raw swap math/s (quote + sell tax)", swapsRaw],
      ["ratio raw / engine (swaps)", swapsRaw / swaps],
      ["engine borrows/s (signed, 500 per block, accrual + LTV + ceiling)", borrows],
      ["raw borrow math/s (accrue + LTV check)", borrowsRaw],
      ["ratio raw / engine (borrows)", borrowsRaw / borrows],
      ["engine epochs/s (one ProcessEpoch per block)", epochs],
      ["raw closeEpoch/s", epochsRaw],
      ["ratio raw / engine (epochs)", epochsRaw / epochs]
    ]
  }
}
