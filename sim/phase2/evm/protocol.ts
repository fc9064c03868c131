/**
 * The messages between the simulation (synchronous agents) and the EVM worker thread: plain
 * data (bigint, strings), one request and one reply per call.
 */
import type { Address, Hex } from "viem"

export interface AuctionRequest {
  /** RNG base units (10⁻¹⁸) for sale */
  readonly supply: bigint
  readonly floor_q96: bigint
  readonly tick_q96: bigint
  readonly duration_blocks: bigint
  /** RNG base units paired at the clearing price */
  readonly pool_reserve: bigint
  /** USDT base units, at most, into the recovery pool */
  readonly recovery_target: bigint
  readonly bids: ReadonlyArray<{ readonly bidder: string; readonly max_price_q96: bigint; readonly amount: bigint; readonly placed_at: bigint }>
}

export interface AuctionOutcome {
  readonly clearing_q96: bigint
  readonly raised: bigint
  readonly sold: bigint
  readonly pool_tokens: bigint
  readonly pool_currency: bigint
  /** the pool recipient's balances as the chain reports them */
  readonly pool_rng_balance: bigint
  readonly pool_usdt_balance: bigint
  readonly recovery_funded: bigint
  readonly fills: ReadonlyArray<{ readonly bidder: Address; readonly tokens: bigint; readonly refund: bigint; readonly rng_balance: bigint; readonly usdt_balance: bigint }>
}

export interface BridgeLimits {
  readonly per_tx_cap_chips: bigint
  readonly daily_cap_chips: bigint
  readonly delay_threshold_chips: bigint
  readonly delay_s: bigint
}

/** processed[source] after the relayer's withdraw: 1 released, 2 queued behind the delay */
export interface WithdrawOutcome {
  readonly tx: Hex
  readonly status: number
  /** casino-chain seconds at which a queued withdrawal may be released */
  readonly release_at_s: bigint
}

export interface ClaimRequest {
  readonly address: string
  readonly amount: bigint
}

export interface ClaimOutcome {
  readonly address: Address
  readonly paid: bigint
}

export interface EvmLedger {
  readonly lockbox_rng: bigint
  readonly lockbox_deposited: bigint
  readonly lockbox_released: bigint
  readonly lockbox_queued: bigint
  readonly recovery_funded: bigint
  readonly recovery_repaid: bigint
  readonly recovery_usdt: bigint
  readonly bogo_rng: bigint
  readonly fee_usdt: bigint
  readonly deployment_digest: Hex
}

export type EvmRequest =
  | { readonly op: "auction"; readonly request: AuctionRequest }
  | { readonly op: "setLimits"; readonly limits: BridgeLimits }
  | { readonly op: "setPaused"; readonly paused: boolean; readonly at_s: bigint }
  | { readonly op: "withdraw"; readonly to: Address; readonly chips: bigint; readonly source: Hex; readonly at_s: bigint }
  | { readonly op: "release"; readonly source: Hex; readonly at_s: bigint }
  | { readonly op: "deposit"; readonly from: Address; readonly chips: bigint; readonly destination: Hex; readonly at_s: bigint }
  | { readonly op: "bogoClaims"; readonly claims: ReadonlyArray<ClaimRequest> }
  | { readonly op: "feeClaims"; readonly epoch: bigint; readonly claims: ReadonlyArray<ClaimRequest> }
  | { readonly op: "recoveryRepay"; readonly recipient: Address; readonly amount: bigint }
  | { readonly op: "ledger" }
  | { readonly op: "close" }

export interface DepositOutcome {
  readonly id: bigint
  /** the lockbox's depositKeyOf(id): the casino chain's BridgeDeposit source */
  readonly deposit_key: Hex
  readonly tx: Hex
}

/** a reply: the operation's value by kind, or its error message */
export type EvmReply =
  | { readonly ok: true; readonly kind: "auction"; readonly value: AuctionOutcome }
  | { readonly ok: true; readonly kind: "withdraw"; readonly value: WithdrawOutcome }
  | { readonly ok: true; readonly kind: "tx"; readonly value: Hex }
  | { readonly ok: true; readonly kind: "deposit"; readonly value: DepositOutcome }
  | { readonly ok: true; readonly kind: "claims"; readonly value: ReadonlyArray<ClaimOutcome> }
  | { readonly ok: true; readonly kind: "ledger"; readonly value: EvmLedger }
  | { readonly ok: true; readonly kind: "done" }
  | { readonly ok: false; readonly error: string }

/** the worker's replies are its own messages: their shape is checked at the top level */
export const isReply = (x: unknown): x is EvmReply => typeof x === "object" && x !== null && "ok" in x && typeof x.ok === "boolean"
