/**
 * The bonus (BOGO) eligibility snapshot (evm.md §5): auction receipts capped by the phase-1
 * freeroll credits of the players linked to each address, then scaled to the pool cap, then the
 * claim tree (§4) with a self-verified proof per claim.
 *
 * Defect 6 fixed (units): the bonus is paid in RNG base units, so a bid counts by the tokens it
 * was filled (`tokensFilled`, RNG base units, from the auction's receipts); currency amounts are
 * refused rather than mixed in, and credits (whole chips) are converted with `creditUnit` (10^18
 * base units per chip) before capping. Note 7 (links semantics) kept and tested: with a links
 * file an unlinked bidder's cap is 0; without one bids are uncapped; several player keys linked
 * to one address add up. Claims are in first-eligible-bid order, addresses lowercase.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem"
import { RNG_UNIT } from "./allocation.ts"
import { EvmScriptError } from "./errors.ts"
import { arrayOf, bigintOf, field, isRecord } from "./json-fields.ts"
import { buildTree, leafOf, verifyProof } from "./merkle.ts"

const KEY_FIELDS = ["public_key_hex", "publicKeyHex", "publicKey"]
const CREDIT_FIELDS = ["freeroll_credits_total", "freerollCreditsTotal", "freeroll_credits", "freerollCredits"]
const ADDRESS_FIELDS = ["evm_address", "evmAddress", "address", "wallet"]
const BIDDER_FIELDS = ["bidder", "owner", "address"]
const TOKEN_FIELDS = ["tokensFilled", "tokens_filled", "filled"]
const CURRENCY_FIELDS = ["amount", "currencyAmount"]
/** bounds on inputs (far above a real auction and player base) */
const ROWS_MAX = 1_000_000

const normKey = (v: unknown): string | null => {
  if (typeof v !== "string") return null
  const k = v.trim().toLowerCase().replace(/^0x/, "")
  return /^[0-9a-f]{64}$/.test(k) ? `0x${k}` : null
}

const addressOf = (v: unknown): Address | null => (typeof v === "string" && isAddress(v.trim(), { strict: false }) ? getAddress(v.trim()) : null)

export interface EligibilityInput {
  readonly bids: unknown
  readonly snapshot: unknown
  readonly links: unknown
  /** 0 = no cap */
  readonly poolCap: bigint
  /** base units per credit (10^18: one chip is one whole RNG); the spec's worked example uses 1 */
  readonly creditUnit?: bigint
}

export interface ClaimOut {
  readonly address: string
  readonly amount: string
  readonly proof: ReadonlyArray<Hex>
}

export interface EligibilityOutput {
  readonly root: Hex
  readonly totalClaims: number
  readonly totalAmount: string
  readonly claims: ReadonlyArray<ClaimOut>
}

const rows = (v: unknown, what: string): ReadonlyArray<unknown> => {
  const r = arrayOf(v)
  if (r.length > ROWS_MAX) throw new EvmScriptError("InvalidInput", `more than ${ROWS_MAX} ${what}`)
  return r
}

const creditsOf = (snapshot: unknown, unit: bigint): Map<string, bigint> => {
  const out = new Map<string, bigint>()
  if (!isRecord(snapshot)) return out
  for (const p of rows(snapshot["players"], "snapshot players")) {
    if (!isRecord(p)) continue
    const key = normKey(field(p, KEY_FIELDS))
    if (key === null) continue
    out.set(key, (bigintOf(field(p, CREDIT_FIELDS)) ?? 0n) * unit)
  }
  return out
}

/** address → Σ credits of linked keys; null when no links file (or no valid link) was given */
const capsOf = (links: unknown, credits: Map<string, bigint>): Map<Address, bigint> | null => {
  if (links === undefined || links === null) return null
  const list = Array.isArray(links) ? links : isRecord(links) ? arrayOf(field(links, ["links", "accounts"])) : []
  const caps = new Map<Address, bigint>()
  let valid = 0
  for (const l of rows(list, "links")) {
    if (!isRecord(l)) continue
    const key = normKey(field(l, KEY_FIELDS))
    const address = addressOf(field(l, ADDRESS_FIELDS))
    if (key === null || address === null) continue
    valid++
    caps.set(address, (caps.get(address) ?? 0n) + (credits.get(key) ?? 0n))
  }
  return valid === 0 ? null : caps
}

export const buildEligibility = (input: EligibilityInput): EligibilityOutput => {
  const unit = input.creditUnit ?? RNG_UNIT
  const bidList = isRecord(input.bids) ? rows(input.bids["bids"], "bids") : []
  if (bidList.length === 0) throw new EvmScriptError("InvalidInput", "the bids file has no bids")
  const caps = capsOf(input.links, creditsOf(input.snapshot, unit))
  const claimed = new Map<Address, bigint>()
  for (const b of bidList) {
    if (!isRecord(b) || b["successful"] === false) continue
    const address = addressOf(field(b, BIDDER_FIELDS))
    if (address === null) continue
    const filled = field(b, TOKEN_FIELDS)
    if (filled === undefined) {
      if (field(b, CURRENCY_FIELDS) !== undefined)
        throw new EvmScriptError("InvalidInput", `bid of ${address} carries a currency amount, not the tokens it was filled: use the auction's receipts (defect 6)`)
      continue
    }
    let amount = bigintOf(filled) ?? 0n
    if (amount === 0n) continue
    const prev = claimed.get(address) ?? 0n
    if (caps !== null) {
      const c = caps.get(address) ?? 0n
      if (prev >= c) continue
      amount = amount < c - prev ? amount : c - prev
    }
    if (amount <= 0n) continue
    claimed.set(address, prev + amount)
  }
  let claims = [...claimed.entries()].map(([address, amount]) => ({ address, amount }))
  const total = claims.reduce((s, c) => s + c.amount, 0n)
  if (input.poolCap > 0n && total > input.poolCap) {
    const scale = (input.poolCap * 1_000_000n) / total
    claims = claims.map((c) => ({ ...c, amount: (c.amount * scale) / 1_000_000n })).filter((c) => c.amount > 0n)
  }
  if (claims.length === 0) throw new EvmScriptError("EmptyClaims", "no bidder is eligible for a bonus")
  const tree = buildTree(claims)
  const out = claims.map((c, i) => {
    const proof = tree.proof(i)
    if (!verifyProof(tree.root, leafOf(c), proof)) throw new EvmScriptError("ProofMismatch", `the proof of ${c.address} does not verify`)
    return { address: c.address.toLowerCase(), amount: c.amount.toString(), proof }
  })
  return { root: tree.root, totalClaims: out.length, totalAmount: claims.reduce((s, c) => s + c.amount, 0n).toString(), claims: out }
}
