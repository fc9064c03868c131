/**
 * The wallet page: the browser-held key (generate, import, export, forget), the API and trusted
 * group key settings, registration, every balance (/wallet and /player), the faucet and the
 * modifiers (shield, double, super mode).
 */
import { exportSecret, forgetSigner, generateSigner, importSigner, KeyImportError } from "./keystore.ts"
import { apiBase, setApiBase, setTrustedGroupKey, trustedGroupKey } from "./config.ts"
import { amount, byId, factsTable, inputById, logLine } from "./dom.ts"
import { readWallet } from "./player-state.ts"
import { guarded, playerSession, send } from "./session.ts"

const log = byId("log")

const refresh = async (): Promise<void> => {
  const s = playerSession()
  byId("key-status")?.replaceChildren(s === null ? "No key in this browser yet." : `Public key ${s.signer.public_key}`)
  byId("key-status")?.setAttribute("data-key", s === null ? "none" : s.signer.public_key)
  const wallet = byId("wallet")
  if (s === null || wallet === null) return
  const w = await readWallet(s.signer.public_key)
  const player = w.player
  const b = w.balances
  wallet.setAttribute("data-registered", player === null ? "no" : "yes")
  wallet.replaceChildren(
    factsTable([
      ["registered", player === null ? "no (register below)" : `yes, as “${player.name}”`],
      ["chips", amount(b.chips)],
      ["tournament chips", amount(b.tournament_chips)],
      ["freeroll credits unlocked", amount(b.freeroll_credits)],
      ["freeroll credits locked", amount(b.freeroll_credits_locked)],
      ["vUSDT", amount(b.vusdt)],
      ["LP shares", amount(b.lp_shares)],
      ["staked", amount(b.staked)],
      ["savings deposit", amount(b.savings_deposit)],
      ["vault collateral / debt", `${amount(b.vault_collateral)} RNG / ${amount(b.vault_debt)} vUSDT`],
      ["shields / doubles", player === null ? "–" : `${player.shields} / ${player.doubles}`],
      ["active modifiers", player === null ? "–" : [player.active_shield ? "shield" : "", player.active_double ? "double" : "", player.active_super ? "super mode" : ""].filter((x) => x !== "").join(", ") || "none"],
      ["sessions played", player === null ? "0" : amount(player.sessions_played)],
      ["chain view", w.view]
    ])
  )
}

const run = (fn: () => Promise<void>) => guarded(async () => {
  await fn()
  await refresh()
})

byId("key-generate")?.addEventListener("click", run(async () => {
  const s = generateSigner()
  logLine(log, `Generated a key in this browser: ${s.public_key}`, "ok")
}))
byId("key-import")?.addEventListener("click", run(async () => {
  const r = importSigner(inputById("key-import-text")?.value ?? "")
  if (r instanceof KeyImportError) logLine(log, r.message, "bad")
  else logLine(log, `Imported key ${r.public_key}`, "ok")
  const i = inputById("key-import-text")
  if (i !== null) i.value = ""
}))
byId("key-export")?.addEventListener("click", run(async () => {
  const out = byId("key-export-out")
  if (out !== null) out.textContent = exportSecret() ?? "no key"
}))
byId("key-forget")?.addEventListener("click", run(async () => {
  forgetSigner()
  logLine(log, "Forgot this browser's key.")
}))
byId("register")?.addEventListener("click", run(async () => {
  const name = (inputById("register-name")?.value ?? "").trim() || "player"
  await send("Register", [{ _tag: "CasinoRegister", name }])
}))
byId("faucet")?.addEventListener("click", run(async () => {
  const text = inputById("faucet-amount")?.value ?? ""
  if (!/^[0-9]{1,19}$/.test(text)) return logLine(log, "The faucet amount is a whole number of chips.", "bad")
  await send("Faucet", [{ _tag: "CasinoDeposit", amount: BigInt(text) }])
}))
for (const [id, action, label] of [["toggle-shield", 0, "Shield"], ["toggle-double", 1, "Double"], ["toggle-super", 2, "Super mode"]] as const)
  byId(id)?.addEventListener("click", run(async () => void (await send(`${label} toggle`, [{ _tag: "PlayerAction", action }]))))

const api = inputById("api-url")
if (api !== null) api.value = apiBase()
const gk = inputById("group-key")
if (gk !== null) gk.value = trustedGroupKey() ?? ""
byId("settings-save")?.addEventListener("click", run(async () => {
  if (api !== null && api.value.trim() !== "") setApiBase(api.value)
  if (gk !== null) setTrustedGroupKey(gk.value)
  logLine(log, `Using the API at ${apiBase()}${trustedGroupKey() === null ? "" : ", group key pinned"}.`, "ok")
}))
guarded(refresh)()
