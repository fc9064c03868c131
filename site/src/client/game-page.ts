/**
 * A game page: start a session (stake, super mode), send moves (one click for moves without
 * fields, JSON in the move Schema's encoded form for the others, or the reference strategy's
 * suggestion), show the session's state between moves, then the result from the GameCompleted
 * event and the provably-fair panel. "Play a round" lets the reference strategy choose every move.
 */
import { Either, Schema } from "effect"
import type { Event } from "../../../engine/events.ts"
import { GAME_TYPES, type GameType, type Instruction } from "../../../engine/tx/instruction.ts"
import { ApiFailure, getJson } from "./chain-api.ts"
import { amount, byId, el, inputById, logLine, showJson, textareaById } from "./dom.ts"
import { PLAYABLE, type PlayableGame } from "./games.ts"
import { nextSessionId, readPlayer } from "./player-state.ts"
import { guarded, playerSession, send } from "./session.ts"
import { verifyInto } from "./verify-panel.ts"

/** moves one automatic round may send before the page stops it (every game settles far sooner) */
export const ROUND_MOVES_MAX = 64

const SessionAnswer = Schema.decodeUnknownEither(Schema.Struct({ state: Schema.Unknown }))

const isGame = (g: string): g is GameType => GAME_TYPES.some((t) => t === g)

type Completed = Extract<Event, { _tag: "GameCompleted" }>

interface Open {
  readonly id: bigint
  state: unknown
}

const setup = (root: HTMLElement, g: PlayableGame): void => {
  const log = byId("log")
  const stateOut = byId("state")
  const result = byId("result")
  const verify = byId("verify")
  const suggested = byId("suggested")
  const moveJson = textareaById("move-json")
  let open: Open | null = null
  let busy = false
  const fail = (message: string): boolean => {
    logLine(log, message, "bad")
    return false
  }

  const setBusy = (b: boolean) => {
    busy = b
    root.setAttribute("aria-busy", b ? "true" : "false")
    for (const b2 of root.querySelectorAll("button")) b2.disabled = b || (b2.dataset["needsSession"] === "yes" && open === null)
  }

  const showSuggestion = (stack: bigint) => {
    if (suggested === null) return
    const next = open === null ? undefined : g.suggest(open.state, stack)
    suggested.textContent = next === undefined ? "–" : JSON.stringify(g.describe(next))
    if (moveJson !== null && next !== undefined && moveJson.value.trim() === "") moveJson.value = JSON.stringify(g.describe(next))
  }

  const settle = async (c: Completed) => {
    open = null
    stateOut?.replaceChildren("Settled.")
    result?.setAttribute("data-settled", "yes")
    result?.replaceChildren(
      el("h3", {}, `Session ${c.session_id} settled`),
      el("p", { class: c.payout >= 0n ? "ok" : "bad", "data-payout": c.payout.toString() }, `Net ${c.payout >= 0n ? "+" : ""}${amount(c.payout)} chips (staked ${amount(c.total_charged)}, paid ${amount(c.total_credited)}); balance ${amount(c.final_chips)} chips.`),
      el("ul", { class: "game-logs" }, ...c.logs.map((l) => el("li", {}, l)))
    )
    logLine(log, `Session ${c.session_id} settled: net ${amount(c.payout)} chips`, c.payout >= 0n ? "ok" : "info")
    if (verify !== null) await verifyInto(verify, c.session_id)
  }

  /** after a step: settle, or read the open session's state and suggest the next move */
  const after = async (events: ReadonlyArray<Event>): Promise<boolean> => {
    if (open === null) return false
    const id = open.id
    for (const e of events) if (e._tag === "GameMoved" && e.session_id === id && e.logs.length > 0) logLine(log, `move ${e.move_number}: ${e.logs.join(" · ")}`)
    const done = events.find((e): e is Completed => e._tag === "GameCompleted" && e.session_id === id)
    if (done !== undefined) {
      await settle(done)
      return false
    }
    const s = SessionAnswer(await getJson(`/session/${id}`))
    if (Either.isLeft(s)) throw new ApiFailure(200, "the session record does not decode")
    open.state = s.right.state
    stateOut?.replaceChildren(showJson(s.right.state))
    const p = playerSession()
    const player = p === null ? null : await readPlayer(p.signer.public_key)
    showSuggestion(player?.chips ?? 0n)
    return true
  }

  const start = async (auto: boolean): Promise<boolean> => {
    const p = playerSession()
    if (p === null) return fail("No key in this browser: generate one on the Wallet page.")
    let player = await readPlayer(p.signer.public_key)
    if (player === null) {
      const r = await send("Register", [{ _tag: "CasinoRegister", name: "site player" }])
      if (!r.ok) return false
      player = await readPlayer(p.signer.public_key)
      if (player === null) return false
    }
    const wantSuper = inputById("super")?.checked === true
    if (wantSuper !== player.active_super) {
      const r = await send(wantSuper ? "Super mode on" : "Super mode off", [{ _tag: "PlayerAction", action: 2 }])
      if (!r.ok) return false
    }
    const stakeText = inputById("stake")?.value ?? "10"
    if (!/^[0-9]{1,19}$/.test(stakeText) || BigInt(stakeText) === 0n) return fail("The stake is a positive whole number of chips.")
    const stake = BigInt(stakeText)
    const id = nextSessionId(player)
    const opening = auto ? g.opening(stake) : { bet: g.betByMove ? 0n : stake, moves: [] }
    const game_type = GAME_TYPES.indexOf(g.game)
    const ixs: Instruction[] = [{ _tag: "StartGame", game_type, bet: opening.bet, session_id: id }, ...opening.moves.map((payload): Instruction => ({ _tag: "GameMove", session_id: id, payload }))]
    result?.setAttribute("data-settled", "no")
    result?.replaceChildren()
    verify?.replaceChildren()
    open = { id, state: null }
    const r = await send(`Start ${g.game} session ${id}`, ixs)
    if (!r.ok) {
      open = null
      return false
    }
    return after(r.events)
  }

  const move = async (payload: Uint8Array): Promise<boolean> => {
    if (open === null) return fail("Start a session first.")
    const r = await send("Move", [{ _tag: "GameMove", session_id: open.id, payload }])
    if (!r.ok) return false
    return after(r.events)
  }

  const auto = async () => {
    let going = open === null ? await start(true) : true
    for (let i = 0; going && i < ROUND_MOVES_MAX; i++) {
      if (open === null) return
      const p = playerSession()
      const player = p === null ? null : await readPlayer(p.signer.public_key)
      const next = g.suggest(open.state, player?.chips ?? 0n)
      if (next === undefined) return void logLine(log, "The strategy has no move for this state: choose one.", "bad")
      going = await move(next)
    }
  }

  const wrap = (fn: () => Promise<unknown>) =>
    guarded(async () => {
      if (busy) return
      setBusy(true)
      try {
        await fn()
      } finally {
        setBusy(false)
      }
    })

  byId("play-round")?.addEventListener("click", wrap(auto))
  byId("start")?.addEventListener("click", wrap(() => start(false)))
  byId("send-suggested")?.addEventListener(
    "click",
    wrap(async () => {
      if (open === null) return
      const p = playerSession()
      const player = p === null ? null : await readPlayer(p.signer.public_key)
      const next = g.suggest(open.state, player?.chips ?? 0n)
      if (next === undefined) return logLine(log, "No suggestion for this state.", "bad")
      return move(next)
    })
  )
  byId("send-move")?.addEventListener(
    "click",
    wrap(async () => {
      let json: unknown
      try {
        json = JSON.parse(moveJson?.value ?? "")
      } catch {
        return logLine(log, "The move is not JSON.", "bad")
      }
      const payload = g.encodeJson(json)
      if (typeof payload === "string") return logLine(log, payload, "bad")
      if (moveJson !== null) moveJson.value = ""
      return move(payload)
    })
  )
  for (const b of root.querySelectorAll<HTMLButtonElement>("button[data-move-tag]"))
    b.addEventListener(
      "click",
      wrap(async () => {
        const payload = g.encodeJson({ _tag: b.dataset["moveTag"] })
        if (typeof payload === "string") return logLine(log, payload, "bad")
        return move(payload)
      })
    )
  setBusy(false)
}

const root = byId("game")
const name = root?.dataset["game"] ?? ""
if (root !== null && isGame(name)) setup(root, PLAYABLE[name])
