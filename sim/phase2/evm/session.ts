/**
 * Full-fidelity phase 2 (`fidelity: "evm"`): the same scenario, with its EVM side executed by the
 * contracts on Hardhat's in-process network (client.ts → worker.ts → world.ts) instead of modelled:
 *  - opening day: the recovery operator's funding is the recovery tranche the contracts' auction
 *    run funded (the model's bids, evm:cca's settlement), and the BOGO bonus — bogo.ts over the
 *    contracts' fills, capped by the chain's freeroll snapshot — is claimed from BogoDistributor;
 *    the TypeScript model runs on the same bids next to it (the oracle, `report().model`);
 *  - the bridge relayer (`relayer`, replacing the modelled one): the lockbox gets the chain's
 *    caps; each due withdrawal is released by the relayer's lockbox `withdraw` (or queued behind
 *    the lockbox delay, then `release`d), then finalized with FinalizeBridgeWithdrawal whose
 *    source is the EVM transaction hash; the recipient sends `return_bps` of it back with a lockbox
 *    `deposit`, credited by BridgeDeposit with the lockbox's depositKey; a policy pause pauses the
 *    lockbox too;
 *  - recovery: each vUSDT the engine retires from the recovery pool is repaid on the EVM pool.
 * The engine decides everything on its side; the contracts decide theirs. No rule is restated here.
 */
import { fromHex, toHex, utf8 } from "../../../engine/codec/bytes.ts"
import { sha256Concat } from "../../../engine/crypto/sha256.ts"
import { bridgeDepositSources, bridgeState, bridgeWithdrawals } from "../../../engine/economy/bridge/bridge.ts"
import { policyState } from "../../../engine/economy/policy-state.ts"
import { house } from "../../../engine/casino/house.ts"
import type { StateStore } from "../../../engine/state/store.ts"
import type { PublicKey } from "../../../engine/schema/primitives.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import { getAddress, type Address, type Hex } from "viem"
import type { AgentView } from "../../agents/agent.ts"
import type { OperatorDuty } from "../../agents/operators/operator.ts"
import { bonusClaims } from "../bogo.ts"
import { convertibility, USDT_UNIT, type ConvertibilityOutcome, type ConvertibilityParams } from "../convertibility.ts"
import { auctionRequest } from "./auction-request.ts"
import { EvmClient } from "./client.ts"
import type { AuctionOutcome, ClaimOutcome, ClaimRequest, EvmLedger } from "./protocol.ts"

const CHIP_BASE = 10n ** 18n
/** withdrawals scanned per relayer turn at most, and pending EVM items kept at most */
const SCAN_MAX = 1_000n
const PENDING_MAX = 10_000

export interface EvmSessionOptions {
  /** share of each released withdrawal its recipient deposits back (whole chips), basis points */
  readonly return_bps: number
  /** the lockbox's own delay for withdrawals at or above `bridge_max_withdraw`, seconds */
  readonly lockbox_delay_s: bigint
}

export const DEFAULT_EVM_SESSION: EvmSessionOptions = { return_bps: 5_000, lockbox_delay_s: 300n }

export interface RelayRecord {
  readonly withdrawal_id: bigint
  readonly chips: bigint
  readonly evm_tx: Hex
  readonly queued: boolean
}

export interface EvmReport {
  readonly model: ConvertibilityOutcome | null
  readonly auction: AuctionOutcome | null
  readonly bonus: ReadonlyArray<ClaimOutcome>
  readonly relayed: ReadonlyArray<RelayRecord>
  /** the EVM transactions that released withdrawals (withdraw, or release after the lockbox delay): the FinalizeBridgeWithdrawal sources */
  readonly releases: ReadonlyArray<{ readonly withdrawal_id: bigint; readonly evm_tx: Hex }>
  readonly deposits: ReadonlyArray<{ readonly recipient: PublicKey; readonly chips: bigint; readonly deposit_key: Hex }>
  readonly repaid_usdt: bigint
  readonly ledger: EvmLedger
}

/** the lockbox release source of casino withdrawal `id` (32 bytes) */
export const withdrawalSourceOf = (id: bigint): Hex => `0x${toHex(sha256Concat(utf8("nullspace-sim-withdrawal/"), utf8(id.toString())))}`

const evmHex = (b: Uint8Array): Hex => `0x${toHex(b)}`

export class EvmSession {
  private evm: EvmClient | null = null
  private funded: bigint | null = null
  private model: ConvertibilityOutcome | null = null
  private auctionOutcome: AuctionOutcome | null = null
  private bonus: ReadonlyArray<ClaimOutcome> = []
  private readonly relayed: RelayRecord[] = []
  private readonly releases: Array<{ readonly withdrawal_id: bigint; readonly evm_tx: Hex }> = []
  private readonly queued = new Map<bigint, { readonly source: Hex; readonly release_at_s: bigint; readonly chips: bigint }>()
  private readonly sent = new Set<bigint>()
  /** released on the EVM, FinalizeBridgeWithdrawal not yet seen on the chain */
  private readonly toFinalize = new Map<bigint, Hex>()
  private readonly toCredit: Array<{ readonly recipient: PublicKey; readonly chips: bigint; readonly deposit_key: Hex }> = []
  private readonly deposits: Array<{ readonly recipient: PublicKey; readonly chips: bigint; readonly deposit_key: Hex }> = []
  private limitsSet = false
  private paused = false
  private repaid_vusdt = 0n

  constructor(
    private readonly params: ConvertibilityParams,
    private readonly options: EvmSessionOptions = DEFAULT_EVM_SESSION
  ) {}

  /** the EVM world, started on first use (Hardhat loads and the contracts deploy then) */
  private client(): EvmClient {
    if (this.evm === null) this.evm = EvmClient.start()
    return this.evm
  }

  /** opening day, the recovery operator's funding (vUSDT): the contracts' auction, then BOGO claims */
  fundAmount(state: StateStore, at: { readonly view: bigint; readonly height: bigint }): bigint {
    if (this.funded !== null) return this.funded
    const model = convertibility(state, at, this.params)
    const evm = this.client()
    const outcome = evm.auction(auctionRequest(this.params, model.bids))
    // bidder i ↔ snapshot player i, caps and pool in RNG base units (the model's rule, bogo.ts)
    const caps = new Map<string, bigint>()
    model.bids.forEach((b, i) => caps.set(getAddress(b.bidder), (model.snapshot.players[i]?.freeroll_credits_total ?? 0n) * CHIP_BASE))
    const claims = bonusClaims(
      outcome.fills.map((f) => ({ bidder: f.bidder, tokens: f.tokens, successful: f.tokens > 0n })),
      caps,
      this.params.bonus_pool_rng * CHIP_BASE
    )
    this.bonus = evm.bogoClaims(claims)
    this.model = model
    this.auctionOutcome = outcome
    this.funded = outcome.recovery_funded / USDT_UNIT
    return this.funded
  }

  /** the bridge relayer with the lockbox: one instruction per turn, oldest work first */
  readonly relayer: OperatorDuty = {
    next: (view): Instruction[] => this.relay(view)
  }

  private relay(view: AgentView): Instruction[] {
    const policy = policyState.get(view.state)
    const now_s = view.clock.now_s
    this.mirrorRecovery(view.state)
    const limits_open = policy.bridge_daily_limit > 0n && policy.bridge_daily_limit_per_account > 0n
    if (!limits_open) return []
    const evm = this.client()
    if (!this.limitsSet) {
      evm.setLimits({ per_tx_cap_chips: policy.bridge_max_withdraw, daily_cap_chips: policy.bridge_daily_limit, delay_threshold_chips: policy.bridge_max_withdraw, delay_s: this.options.lockbox_delay_s })
      this.limitsSet = true
    }
    if (policy.bridge_paused !== this.paused) {
      evm.setPaused(policy.bridge_paused, now_s)
      this.paused = policy.bridge_paused
    }
    if (this.paused) return []
    // finalize what the lockbox released
    for (const [id, tx] of this.toFinalize) {
      const w = bridgeWithdrawals.get(view.state, id.toString())
      if (w === undefined || w.fulfilled) {
        this.toFinalize.delete(id)
        continue
      }
      return [{ _tag: "FinalizeBridgeWithdrawal", withdrawal_id: id, source: fromHex(tx) }]
    }
    // credit deposits the lockbox took
    for (let i = 0; i < this.toCredit.length; ) {
      const d = this.toCredit[i]
      if (d === undefined) break
      if (bridgeDepositSources.has(view.state, toHex(fromHex(d.deposit_key)))) {
        this.toCredit.splice(i, 1)
        continue
      }
      return [{ _tag: "BridgeDeposit", recipient: d.recipient, amount: d.chips, source: fromHex(d.deposit_key) }]
    }
    // release queued withdrawals whose lockbox delay passed
    for (const [id, q] of this.queued) {
      if (now_s < q.release_at_s) continue
      const tx = evm.release(q.source, now_s)
      this.queued.delete(id)
      this.released(view, id, q.chips, tx, true)
      return []
    }
    // send due withdrawals to the lockbox
    const next_id = bridgeState.get(view.state).next_withdrawal_id
    const from = next_id > SCAN_MAX ? next_id - SCAN_MAX : 0n
    for (let id = from; id < next_id; id++) {
      if (this.sent.has(id)) continue
      const w = bridgeWithdrawals.get(view.state, id.toString())
      if (w === undefined || w.fulfilled || now_s < w.available_ts || w.destination.length !== 20) continue
      if (this.sent.size >= PENDING_MAX) throw new RangeError(`more than ${PENDING_MAX} bridge withdrawals relayed`)
      const source = withdrawalSourceOf(id)
      const out = evm.withdraw(getAddress(evmHex(w.destination)), w.amount, source, now_s)
      this.sent.add(id)
      if (out.status === 2) {
        this.queued.set(id, { source, release_at_s: out.release_at_s, chips: w.amount })
        this.relayed.push({ withdrawal_id: id, chips: w.amount, evm_tx: out.tx, queued: true })
        return []
      }
      this.released(view, id, w.amount, out.tx, false)
      return this.relay(view)
    }
    return []
  }

  /** a release on the EVM: finalize it on the chain, and the recipient sends part of it back */
  private released(view: AgentView, id: bigint, chips: bigint, tx: Hex, queued: boolean): void {
    if (!queued) this.relayed.push({ withdrawal_id: id, chips, evm_tx: tx, queued })
    this.toFinalize.set(id, tx)
    this.releases.push({ withdrawal_id: id, evm_tx: tx })
    const w = bridgeWithdrawals.get(view.state, id.toString())
    const back = (chips * BigInt(this.options.return_bps)) / 10_000n
    if (w === undefined || back === 0n) return
    const d = this.client().deposit(getAddress(evmHex(w.destination)), back, `0x${w.player}`, view.clock.now_s)
    const record = { recipient: w.player, chips: back, deposit_key: d.deposit_key }
    this.toCredit.push(record)
    this.deposits.push(record)
  }

  /** repay on the EVM recovery pool what the engine retired from its own (1 vUSDT = 10⁶ USDT base units) */
  private mirrorRecovery(state: StateStore): void {
    const retired = house.get(state).recovery_pool_retired
    if (this.funded === null || retired <= this.repaid_vusdt) return
    const delta = retired - this.repaid_vusdt
    this.client().recoveryRepay(RECOVERY_RECIPIENT, delta * USDT_UNIT)
    this.repaid_vusdt = retired
  }

  /** what the EVM side did, and its ledger, with the recovery mirror brought up to `state` (the run's end) */
  report(state: StateStore): EvmReport {
    this.mirrorRecovery(state)
    return {
      model: this.model,
      auction: this.auctionOutcome,
      bonus: this.bonus,
      relayed: [...this.relayed],
      releases: [...this.releases],
      deposits: [...this.deposits],
      repaid_usdt: this.repaid_vusdt * USDT_UNIT,
      ledger: this.client().ledger()
    }
  }

  /** a FeeDistributor round on the EVM: `claims` (USDT base units) minted, seeded, rooted at `epoch` and claimed */
  feeClaims(epoch: bigint, claims: ReadonlyArray<ClaimRequest>): { readonly paid: ReadonlyArray<ClaimOutcome>; readonly ledger: EvmLedger } {
    const evm = this.client()
    const paid = evm.feeClaims(epoch, claims)
    return { paid, ledger: evm.ledger() }
  }

  close(): void {
    this.evm?.close()
  }
}

/** where repaid recovery USDT goes on the EVM (the vault owners' side, one address for the run) */
const RECOVERY_RECIPIENT: Address = getAddress(`0x${toHex(sha256Concat(utf8("nullspace-sim-recovery/"))).slice(0, 40)}`)
