/**
 * Run one game vector through the real instruction path: a genesis player, StartGame, the rule
 * moves, then every vector move as a signed GameMove in its own block, with the game's outcomes
 * replaced by the vector's script.
 */
import { Either, Schema } from "effect"
import { Chain } from "../../engine/chain/chain.ts"
import { defaultChainConfig } from "../../engine/chain/config.ts"
import { house } from "../../engine/casino/house.ts"
import { newPlayer, players } from "../../engine/casino/player.ts"
import { OutcomeFailure, ScriptedOutcomes, scriptedOutcomeSources } from "../../engine/games/outcomes.ts"
import { GameSession, getSession } from "../../engine/games/session.ts"
import { canonicalJson } from "../../engine/state/canonical.ts"
import { GAME_TYPES, type Instruction } from "../../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../../engine/tx/sign.ts"
import type { TxOutput } from "../../engine/execute/output.ts"
import { GAME_ADAPTERS } from "./games/index.ts"
import { VocabularyError } from "./games/adapter.ts"
import { GameVector } from "./vector.ts"
import { GENESIS_VIEW, vectorSeed } from "./genesis.ts"

export interface VectorResult {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

const SESSION_ID = 1n

export const runGameVector = (json: unknown, fallbackName: string): VectorResult => {
  const decoded = Schema.decodeUnknownEither(GameVector)(json)
  if (Either.isLeft(decoded)) return { name: fallbackName, ok: false, detail: `unreadable vector: ${decoded.left.message}` }
  const v = decoded.right
  const fail = (detail: string): VectorResult => ({ name: v.name, ok: false, detail })
  const adapter = GAME_ADAPTERS[v.game]
  const code = GAME_TYPES.findIndex((g) => g === v.game)
  if (adapter === undefined || code < 0) return fail(`unknown game ${v.game}`)

  const chain = new Chain(defaultChainConfig([actorSigner("admin").public_key]))
  const who = actorSigner("player")
  chain.genesis((store) => {
    players.put(store, who.public_key, newPlayer("player", v.chips, GENESIS_VIEW * 3n))
    house.update(store, (h) => ({ ...h, chips_minted: h.chips_minted + v.chips }))
  }, GENESIS_VIEW)
  const script = new ScriptedOutcomes(adapter.outcomeOrder === undefined ? v.outcomes : adapter.outcomeOrder(v.outcomes, v.moves))
  const options = { outcomes: scriptedOutcomeSources(script) }
  let nonce = 0n
  let completed = false
  const run = (ix: Instruction): TxOutput => {
    const tx = signTransaction(who, nonce++, ix)
    const view = chain.view + 1n
    const out = chain.applyBlock({ parent: chain.last_digest, view, height: chain.height + 1n, seed: vectorSeed(view), transactions: [tx] }, options).outputs[0]!
    if (out.events.some((e) => e._tag === "GameCompleted" && e.session_id === SESSION_ID)) completed = true
    return out
  }
  const chips = (): bigint => players.get(chain.store, who.public_key)?.chips ?? 0n
  const sessionJson = (): string => {
    const s = getSession(chain, SESSION_ID)
    return s === undefined ? "none" : canonicalJson(GameSession, s)
  }
  const describe = (o: TxOutput): string => (o.error ? `${o.error.tag}: ${o.error.message}` : o.status)

  try {
    const start = run({ _tag: "StartGame", game_type: code, bet: v.start.bet, session_id: SESSION_ID })
    if (start.status !== "applied") return fail(`StartGame refused (${describe(start)})`)
    for (const payload of adapter.rules(v.rules)) {
      const o = run({ _tag: "GameMove", session_id: SESSION_ID, payload })
      if (o.status !== "applied") return fail(`rule move refused (${describe(o)})`)
    }
    for (const [i, m] of v.moves.entries()) {
      const payload = adapter.move(m)
      const rejected = m.rejected === true
      const before = { chips: chips(), session: sessionJson(), consumed: script.consumed }
      const o = run({ _tag: "GameMove", session_id: SESSION_ID, payload })
      if (rejected) {
        if (o.status !== "failed") return fail(`move ${i + 1} (${String(m.move)}) should be rejected but was ${o.status}`)
        if (chips() !== before.chips) return fail(`rejected move ${i + 1} changed chips ${before.chips} → ${chips()}`)
        if (sessionJson() !== before.session) return fail(`rejected move ${i + 1} changed the session`)
        // outcomes drawn by a refused move are not consumed (its transaction changed nothing)
        script.rewind(before.consumed)
      } else if (o.status !== "applied") return fail(`move ${i + 1} (${String(m.move)}) refused: ${describe(o)}`)
    }
  } catch (e) {
    if (e instanceof VocabularyError || e instanceof OutcomeFailure) return fail(e.message)
    throw e
  }
  if (script.remaining !== 0) return fail(`${script.remaining} scripted outcomes left unused`)
  const problems: string[] = []
  const net = chips() - v.chips
  if (v.expect.net !== undefined && net !== v.expect.net) problems.push(`net ${net}, expected ${v.expect.net}`)
  if (v.expect.chips !== undefined && chips() !== v.expect.chips) problems.push(`chips ${chips()}, expected ${v.expect.chips}`)
  // a settled session leaves state (docs/economy.md S1): complete = it settled with GameCompleted
  const complete = completed && getSession(chain, SESSION_ID) === undefined
  if (v.expect.complete !== undefined && complete !== v.expect.complete) problems.push(`complete ${complete}, expected ${v.expect.complete}`)
  return problems.length === 0 ? { name: v.name, ok: true, detail: "" } : fail(problems.join("; "))
}
