/**
 * Test helper for playing a game through the real instruction path: a fresh chain with `who`
 * registered as a casino player. `chips()` reads the player's balance; `move` sends one GameMove to
 * session 1 with the given scripted outcomes.
 */
import { expect } from "vitest"
import { players } from "../../casino/player.ts"
import { TestDriver } from "../../test/helpers.ts"
import type { Signer } from "../../tx/sign.ts"
import { ScriptedOutcomes, scriptedOutcomeSources, type ScriptedOutcome } from "../outcomes.ts"

export const casinoTable = (who: Signer, name: string) => {
  const d = new TestDriver()
  expect(d.run(who, { _tag: "CasinoRegister", name }).status).toBe("applied")
  const chips = (): bigint => players.get(d.chain.store, who.public_key)?.chips ?? 0n
  const move = (payload: Uint8Array, script: ReadonlyArray<ScriptedOutcome> = []) =>
    d.run(who, { _tag: "GameMove", session_id: 1n, payload }, { outcomes: scriptedOutcomeSources(new ScriptedOutcomes(script)) })
  return { d, chips, move }
}
