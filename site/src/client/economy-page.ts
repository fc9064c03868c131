/**
 * The economy pages (swap, vault, savings, staking, tournaments, bridge): each form is one
 * instruction of the engine's catalogue, its fields typed by the form (data-kind), checked with
 * the Instruction Schema before it is signed; each data-view block shows the matching read-model
 * view from /wallet, /economy, /player or /tournament/:id.
 */
import { Either, Schema } from "effect"
import { utf8 } from "../../../engine/codec/bytes.ts"
import { Instruction } from "../../../engine/tx/instruction.ts"
import { Tournament } from "../../../engine/economy/tournament/tournament.ts"
import { BridgeRefund, BridgeWithdrawal } from "../../../engine/economy/bridge/bridge.ts"
import { BridgeWithdrawalStatus } from "../../../engine/read/views.ts"
import { getJson } from "./chain-api.ts"
import { amount, byId, factsTable, inputById, logLine } from "./dom.ts"
import { readEconomy, readWallet, type Economy, type Wallet } from "./player-state.ts"
import { guarded, playerSession, send } from "./session.ts"
import type { Player } from "../../../engine/casino/player.ts"

const log = byId("log")
const checkInstruction = Schema.decodeUnknownEither(Schema.typeSchema(Instruction))

/** a form's fields as the instruction's values, or why not */
const fieldValue = (input: HTMLInputElement): unknown => {
  const kind = input.dataset["kind"]
  const v = input.value.trim()
  if (kind === "u64") return /^[0-9]{1,20}$/.test(v) ? BigInt(v) : `${input.name} must be a whole number`
  if (kind === "int") return /^[0-9]{1,6}$/.test(v) ? Number(v) : `${input.name} must be a whole number`
  if (kind === "bool") return input.checked
  if (kind === "pubkey") return v.toLowerCase().replace(/^0x/, "")
  if (kind === "bytes") return utf8(v)
  return v
}

for (const form of document.querySelectorAll<HTMLFormElement>("form.action")) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault()
    guarded(async () => {
      const tag = form.dataset["tag"] ?? ""
      const fields: Record<string, unknown> = { _tag: tag }
      for (const input of form.querySelectorAll<HTMLInputElement>("input[name]")) {
        const v = fieldValue(input)
        if (typeof v === "string" && input.dataset["kind"] !== "pubkey" && input.dataset["kind"] !== "text") return logLine(log, v, "bad")
        fields[input.name] = v
      }
      const ix = checkInstruction(fields)
      if (Either.isLeft(ix)) return logLine(log, `${tag}: ${ix.left.message}`, "bad")
      await send(tag, [ix.right])
      await refresh()
    })()
  })
}

const bps = (v: bigint | number): string => `${(Number(v) / 100).toFixed(2)} %`
const price = (p: { readonly num: bigint; readonly den: bigint }): string => (p.den === 0n ? "–" : `${p.num} / ${p.den} vUSDT per RNG`)

const views: Record<string, (w: Wallet | null, e: Economy, p: Player | null) => ReadonlyArray<readonly [string, string]>> = {
  amm: (_w, e) => [
    ["RNG reserve", amount(e.amm.pool.reserve_rng)],
    ["vUSDT reserve", amount(e.amm.pool.reserve_vusdt)],
    ["LP shares outstanding", amount(e.amm.pool.total_shares)],
    ["spot price", price(e.amm.spot)],
    ["tradable", e.amm.tradable ? "yes" : "no (the pool is not seeded)"],
    ["swap fee", bps(e.amm.pool.fee_basis_points)],
    ["sell tax", bps(e.amm.pool.sell_tax_basis_points)]
  ],
  policy: (_w, e) => Object.entries(e.policy).map(([k, v]): readonly [string, string] => [k.replaceAll("_", " "), typeof v === "bigint" || typeof v === "number" ? (k.endsWith("_bps") ? `${bps(v)} (${v} bps)` : amount(v.toString())) : JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))]),
  vault: (w, e) => {
    const v = w?.vault ?? null
    if (v === null) return [["vault", "none yet (create one below)"], ["stability fee", bps(e.policy.stability_fee_apr_bps)]]
    return [
      ["collateral", `${amount(v.vault.collateral_rng)} RNG`],
      ["debt now (interest accrued)", `${amount(v.debt_now)} vUSDT`],
      ["LTV", v.ltv_bps === null ? "–" : bps(v.ltv_bps)],
      ["max LTV", bps(v.max_ltv_bps)],
      ["health", v.liquidatable ? "LIQUIDATABLE" : v.ltv_bps === null ? "no debt" : `${(Number(v.max_ltv_bps) / Math.max(1, Number(v.ltv_bps))).toFixed(2)} × headroom to max LTV`],
      ["borrow headroom", `${amount(v.borrow_headroom)} vUSDT`],
      ["borrow price", price(v.borrow_price)],
      ["liquidation price", price(v.liquidation_price)],
      ["stability fee", bps(e.policy.stability_fee_apr_bps)]
    ]
  },
  savings: (w) =>
    w === null
      ? []
      : [
          ["your deposit", `${amount(w.savings.balance.deposit_balance)} vUSDT`],
          ["claimable rewards", `${amount(w.savings.claimable)} vUSDT`],
          ["pool deposits", `${amount(w.savings.pool.total_deposits)} vUSDT`],
          ["pool pending rewards", `${amount(w.savings.pool.pending_rewards)} vUSDT`]
        ],
  staking: (w) =>
    w === null
      ? []
      : [
          ["your stake", `${amount(w.staking.staker.balance)} RNG`],
          ["unlocked", w.staking.unlocked ? "yes" : "no (still locked)"],
          ["claimable rewards", amount(w.staking.claimable)],
          ["epoch", `${w.staking.current_epoch} (closes at view ${w.staking.epoch_due_view})`],
          ["total staked", amount(w.staking.total_staked)],
          ["reward pool", amount(w.staking.reward_pool)]
        ],
  tournament: (w, _e, p) => [
    ["tournament chips", amount(w?.balances.tournament_chips ?? 0n)],
    ["active tournament", p?.active_tournament?.toString() ?? "none"],
    ["tournaments played today", String(p?.tournaments_played_today ?? 0)],
    ["daily limit", String(p?.daily_limit ?? 0)],
    ["freeroll credits unlocked", amount(w?.balances.freeroll_credits ?? 0n)],
    ["freeroll credits locked", amount(w?.balances.freeroll_credits_locked ?? 0n)]
  ],
  bridge: (w, e, p) => [
    ["chips", amount(w?.balances.chips ?? 0n)],
    ["withdrawn today", amount(p?.bridge_daily_withdrawn ?? 0n)],
    ...Object.entries(e.policy)
      .filter(([k]) => k.startsWith("bridge"))
      .map(([k, v]): readonly [string, string] => [k.replaceAll("_", " "), String(v)])
  ]
}

const refresh = async (): Promise<void> => {
  const s = playerSession()
  const [economy, wallet] = await Promise.all([readEconomy(), s === null ? null : readWallet(s.signer.public_key)])
  const player = wallet?.player ?? null
  for (const block of document.querySelectorAll<HTMLElement>("[data-view]")) {
    const render = views[block.dataset["view"] ?? ""]
    if (render !== undefined) block.replaceChildren(factsTable(render(wallet, economy, player)))
  }
}

const decodeTournament = Schema.decodeUnknownEither(Schema.Struct({ tournament_id: Schema.String, tournament: Schema.NullOr(Tournament) }))
byId("tournament-lookup")?.addEventListener(
  "click",
  guarded(async () => {
    const id = inputById("tournament-id")?.value.trim() ?? ""
    if (!/^[0-9]{1,19}$/.test(id)) return logLine(log, "A tournament id is a whole number.", "bad")
    const t = decodeTournament(await getJson(`/tournament/${id}`))
    const out = byId("tournament-out")
    if (out === null) return
    if (Either.isLeft(t)) return logLine(log, "The tournament record does not decode.", "bad")
    out.replaceChildren(t.right.tournament === null ? `No tournament ${id}.` : factsTable(Object.entries(t.right.tournament).map(([k, v]): readonly [string, string] => [k.replaceAll("_", " "), JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))])))
  })
)

guarded(refresh)()

const decodeWithdrawal = Schema.decodeUnknownEither(
  Schema.Struct({ id: Schema.String, withdrawal: Schema.NullOr(BridgeWithdrawal), status: Schema.NullOr(BridgeWithdrawalStatus), refund: Schema.NullOr(BridgeRefund) })
)
const STATUS_TEXT = { pending: "pending (held on this chain until released or refunded)", finalized: "finalized (released on the EVM chain)", refunded: "refunded (the chips came back)" } as const
byId("withdrawal-lookup")?.addEventListener(
  "click",
  guarded(async () => {
    const id = inputById("withdrawal-id")?.value.trim() ?? ""
    if (!/^[0-9]{1,19}$/.test(id)) return logLine(log, "A withdrawal id is a whole number.", "bad")
    const w = decodeWithdrawal(await getJson(`/bridge/withdrawal/${id}`))
    const out = byId("withdrawal-out")
    if (out === null) return
    if (Either.isLeft(w)) return logLine(log, "The withdrawal record does not decode.", "bad")
    const { withdrawal, status, refund } = w.right
    if (withdrawal === null || status === null) return out.replaceChildren(`No withdrawal ${id}.`)
    const rows: Array<readonly [string, string]> = [
      ["status", STATUS_TEXT[status]],
      ["amount", amount(withdrawal.amount)],
      ["available from", `${withdrawal.available_ts} s (chain time)`]
    ]
    if (refund !== null) rows.push(["refund reason", refund.reason.replaceAll("_", " ")], ["refunded at", `${refund.refunded_ts} s (chain time)`])
    out.replaceChildren(factsTable(rows))
  })
)
