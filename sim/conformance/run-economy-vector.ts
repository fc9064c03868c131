/**
 * Economy vectors (../shared/conformance/README.md): a genesis (policy, player records, an AMM
 * pool), a list of signed-by-name instructions with clock advances, and expected state fields.
 * Each step runs as its own block through the real instruction path; a step marked rejected must
 * fail and change nothing but the signer's nonce.
 */
import { Either, ParseResult, Schema } from "effect"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { house } from "../../engine/casino/house.ts"
import { Player, newPlayer, players } from "../../engine/casino/player.ts"
import { Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner, signTransaction, type Signer } from "../../engine/tx/sign.ts"
import { Policy } from "../../engine/economy/policy.ts"
import { policyState } from "../../engine/economy/policy-state.ts"
import { TREASURY_BUCKETS } from "../../engine/economy/treasury-records.ts"
import { ammPool } from "../../engine/economy/amm/pool.ts"
import { isqrt } from "../../engine/economy/amm/math.ts"
import type { StateStore } from "../../engine/state/store.ts"
import { fromHex, utf8 } from "../../engine/codec/bytes.ts"
import type { VectorResult } from "./run-game-vector.ts"
import { EconomyVector } from "./vector.ts"
import { GENESIS_VIEW, vectorSeed } from "./genesis.ts"
import { readExpectedField } from "./economy-fields.ts"

class VectorError extends Error {}

type Json = Readonly<Record<string, unknown>>

/** key fields that name an actor */
const KEY_FIELDS = new Set(["target", "player", "recipient"])
/** fields the engine's schemas hold as plain integers */
const INT_FIELDS = new Set(["daily_limit", "bucket", "action", "game_type"])

const normalizeScalar = (key: string, v: unknown): unknown => {
  if (INT_FIELDS.has(key)) return typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : v
  return typeof v === "number" && Number.isInteger(v) ? String(v) : v
}

/** merge vector fields (decimal strings) into a record's encoded form, converting to each field's encoded type */
const mergeEncoded = (base: Json, patch: Json, what: string): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    if (!(k in base)) throw new VectorError(`unknown ${what} field "${k}"`)
    const current = base[k]
    out[k] = typeof current === "number" && (typeof v === "string" || typeof v === "number") ? Number(v) : typeof v === "number" ? String(v) : v
  }
  return out
}

const decodeOr = <A, I>(schema: Schema.Schema<A, I>, value: unknown, what: string): A => {
  const r = Schema.decodeUnknownEither(schema)(value)
  if (Either.isLeft(r)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(r.left)
    throw new VectorError(`${what}: ${issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ").slice(0, 400)}`)
  }
  return r.right
}

export const runEconomyVector = (json: unknown, fallbackName: string): VectorResult => {
  const decoded = Schema.decodeUnknownEither(EconomyVector)(json)
  if (Either.isLeft(decoded)) return { name: fallbackName, ok: false, detail: `unreadable vector: ${decoded.left.message}` }
  const v = decoded.right
  try {
    return { name: v.name, ...runDecoded(v) }
  } catch (e) {
    if (e instanceof VectorError) return { name: v.name, ok: false, detail: e.message }
    throw e
  }
}

const runDecoded = (v: typeof EconomyVector.Type): { ok: boolean; detail: string } => {
  const signers = new Map<string, Signer>()
  const signer = (name: string): Signer => {
    let s = signers.get(name)
    if (s === undefined) {
      s = actorSigner(name)
      signers.set(name, s)
    }
    return s
  }
  const chain = new Chain(defaultChainConfig([signer("admin").public_key]))
  const policyEncoded = (store: StateStore): Json => Schema.encodeSync(Policy)(policyState.get(store))

  chain.genesis((store) => {
    if (v.genesis.policy) policyState.put(store, decodeOr(Policy, mergeEncoded(policyEncoded(store), v.genesis.policy, "policy"), "genesis policy"))
    let chips = 0n
    let vusdt = 0n
    for (const [name, fields] of Object.entries(v.genesis.balances ?? {})) {
      const base = Schema.encodeSync(Player)(newPlayer(name, 1_000n, GENESIS_VIEW * 3n))
      const p = decodeOr(Player, mergeEncoded(base, fields, "player"), `genesis balances of ${name}`)
      players.put(store, signer(name).public_key, p)
      chips += p.chips
      vusdt += p.vusdt_balance
    }
    const amm = v.genesis.amm
    let rng = 0n
    let usd = 0n
    if (amm !== undefined) {
      const r = BigInt(String(amm.reserve_rng ?? "0"))
      const u = BigInt(String(amm.reserve_vusdt ?? "0"))
      const shares = amm.total_shares !== undefined ? BigInt(String(amm.total_shares)) : isqrt(r * u)
      ammPool.put(store, { ...ammPool.get(store), reserve_rng: r, reserve_vusdt: u, total_shares: shares })
      rng = r
      usd = u
    }
    house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + chips + rng, vusdt_minted: h.vusdt_minted + vusdt + usd }))
  }, GENESIS_VIEW)

  const nonces = new Map<string, bigint>()
  let view = GENESIS_VIEW
  for (const [i, step] of v.steps.entries()) {
    if ("advance_seconds" in step) {
      if (step.advance_seconds < 0 || step.advance_seconds % 3 !== 0) throw new VectorError(`step ${i + 1}: advance_seconds must be a non-negative multiple of 3`)
      view += BigInt(step.advance_seconds / 3)
      continue
    }
    const args: Record<string, unknown> = {}
    for (const [k, raw] of Object.entries(step.args)) {
      if (KEY_FIELDS.has(k)) {
        if (typeof raw !== "string") throw new VectorError(`step ${i + 1}: ${k} must name an actor`)
        args[k] = signer(raw).public_key
      } else if (k === "destination") {
        if (typeof raw !== "string") throw new VectorError(`step ${i + 1}: destination must be hex`)
        args[k] = fromHex(raw)
      } else if (k === "source") {
        if (typeof raw !== "string") throw new VectorError(`step ${i + 1}: source must be text`)
        args[k] = utf8(raw)
      } else if (k === "policy") {
        if (typeof raw !== "object" || raw === null) throw new VectorError(`step ${i + 1}: policy must be an object`)
        args[k] = mergeEncoded(policyEncoded(chain.store), Object.fromEntries(Object.entries(raw)), "policy")
      } else if (k === "bucket" && typeof raw === "string" && !/^[0-9]+$/.test(raw)) {
        const idx = TREASURY_BUCKETS.findIndex((b) => b === raw)
        if (idx < 0) throw new VectorError(`step ${i + 1}: unknown treasury bucket ${raw}`)
        args[k] = idx
      } else if ((k === "allocation" || k === "schedules") && typeof raw === "object" && raw !== null) {
        args[k] = JSON.parse(JSON.stringify(raw), (key, x) => (typeof x === "number" && key !== "" ? String(x) : x))
      } else args[k] = normalizeScalar(k, raw)
    }
    const ix = decodeOr(Instruction, { _tag: step.op, ...args }, `step ${i + 1} (${step.op})`)
    const who = signer(step.as)
    const nonce = nonces.get(step.as) ?? 0n
    nonces.set(step.as, nonce + 1n)
    const before = chain.store.dumpJson(["account"])
    const out = chain.applyBlock(
      { parent: chain.last_digest, view, height: chain.height + 1n, seed: vectorSeed(view), transactions: [signTransaction(who, nonce, ix)] }
    ).outputs[0]!
    if (out.status === "skipped") throw new VectorError(`step ${i + 1} (${step.op}) skipped: ${out.error?.message ?? ""}`)
    if (step.rejected) {
      if (out.status !== "failed") return { ok: false, detail: `step ${i + 1} (${step.op}) should be rejected but was applied` }
      if (chain.store.dumpJson(["account"]) !== before) return { ok: false, detail: `rejected step ${i + 1} (${step.op}) changed state` }
    } else if (out.status !== "applied") return { ok: false, detail: `step ${i + 1} (${step.op}) refused: ${out.error?.tag}: ${out.error?.message}` }
  }

  const problems: string[] = []
  const check = (path: string, expected: unknown, actual: string | null): void => {
    const want = expected === null ? null : String(expected)
    if (want !== actual) problems.push(`${path} = ${actual}, expected ${want}`)
  }
  for (const [section, body] of Object.entries(v.expect)) {
    if (typeof body !== "object" || body === null) throw new VectorError(`expect.${section} must be an object`)
    for (const [k, val] of Object.entries(body)) {
      if (typeof val === "object" && val !== null) {
        for (const [field, want] of Object.entries(val))
          check(`${section}.${k}.${field}`, want, readExpectedField(chain.store, section, field, section === "treasury_vesting" ? k : signer(k).public_key))
      } else {
        check(`${section}.${k}`, val, readExpectedField(chain.store, section, k, section === "lp_balance" ? signer(k).public_key : null))
      }
    }
  }
  return problems.length === 0 ? { ok: true, detail: "" } : { ok: false, detail: problems.join("; ") }
}
