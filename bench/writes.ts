/**
 * Validated writes (engine/state/store.ts): the check a put runs on a player record, ratios
 * against the full compiled validator measured in the same run (the check every put ran before
 * 2026-12-03): the change validator of a put over an existing row (one field changed, the case of
 * every game move), and a whole put (validation + journal) inside a transaction.
 */
import { Bench } from "tinybench"
import { newPlayer, players } from "../engine/casino/player.ts"
import { PublicKey } from "../engine/schema/primitives.ts"
import { StateStore } from "../engine/state/store.ts"
import { ThroughputTable } from "./report.ts"

const CHECKS = 1_000

export const FULL_BASELINE = "full validation of a player record (every field)"

export const benchWrites = async (): Promise<ThroughputTable> => {
  const table = new ThroughputTable("validated writes (player record, 30 fields)", FULL_BASELINE)
  const previous = newPlayer("bench", 1_000n, 0n)
  const next = { ...previous, chips: 995n, sessions_played: 1n }
  const store = new StateStore()
  const key = PublicKey.make("ab".repeat(32))
  store.begin()
  players.put(store, key, previous)
  store.commit()
  let ok = true
  const bench = new Bench({ iterations: 20, warmupIterations: 5, time: 1_000 })
  bench.add(FULL_BASELINE, () => {
    for (let i = 0; i < CHECKS; i++) ok = players.isValid(next) && ok
  })
  bench.add("change validation (two fields changed)", () => {
    for (let i = 0; i < CHECKS; i++) ok = players.isValidChange(previous, next) && ok
  })
  bench.add("put over the row (change validation + journal)", () => {
    store.beginBlock()
    store.begin()
    for (let i = 0; i < CHECKS; i++) players.put(store, key, i % 2 === 0 ? next : previous)
    store.commit()
    store.rollbackBlock()
  })
  await bench.run()
  if (!ok) throw new Error("a bench record was refused")
  for (const t of bench.tasks) table.addTask(t.name, "check", CHECKS, t)
  return table
}
