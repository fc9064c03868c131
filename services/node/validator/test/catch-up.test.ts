/**
 * Catch-up (ports 17110–17113): three validators finalize blocks while the fourth has never run;
 * the fourth starts from an empty data dir (its key file only), fetches the finalized blocks in
 * bounded batches with their finalization certificates, checks certificate, digest chain and
 * seeds, executes them to the same state roots, and then finalizes new blocks with the others.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { dealValidatorKeys } from "../keys.ts"
import { ValidatorNode } from "../validator.ts"

const N = 4
const root = fs.mkdtempSync(path.join(os.tmpdir(), "catch-up-"))
const dirs = Array.from({ length: N }, (_, i) => path.join(root, `v${i}`))
const addresses = dirs.map((_, i) => ({ host: "127.0.0.1", port: 17110 + i }))
const timeouts = { leader_ms: 300, advance_ms: 600, retry_ms: 1_000, fetch_ms: 300 }
const open = (i: number) => new ValidatorNode({ data_dir: dirs[i] ?? "", addresses, timeouts, sync_interval_ms: 150 })
const waitFor = async (what: string, ok: () => boolean, timeout_ms: number): Promise<void> => {
  const t0 = Date.now()
  while (!ok()) {
    if (Date.now() - t0 > timeout_ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
const nodes: ValidatorNode[] = []
afterAll(async () => {
  for (const n of nodes) await n.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe("catch-up of a fresh validator", () => {
  it("fetches, checks and executes the finalized blocks it missed, then takes part", async () => {
    dealValidatorKeys(dirs)
    for (const i of [0, 1, 2]) nodes.push(open(i))
    for (const n of nodes) await n.start()
    const names = Array.from({ length: 40 }, (_, i) => `catch-up-${i}`)
    for (const [i, name] of names.entries()) {
      expect(nodes[i % 3]?.submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null)
      if (i % 4 === 3) await new Promise((r) => setTimeout(r, 60))
    }
    await waitFor("three validators execute 40 registrations", () => nodes.every((n) => n.stats().transactions_executed >= 40), 120_000)
    const target = Math.min(...nodes.map((n) => n.stats().executed_height))
    expect(target).toBeGreaterThan(2)

    const fresh = open(3)
    nodes.push(fresh)
    expect(fresh.stats().executed_height).toBe(0)
    await fresh.start()
    await waitFor("the fresh validator catches up", () => fresh.stats().executed_height >= target, 30_000)
    expect(fresh.stats().blocks_synced).toBeGreaterThan(0)
    for (let h = 1; h <= target; h++) expect(fresh.stateRootAt(h)).toBe(nodes[0]?.stateRootAt(h))
    for (const name of names) expect(fresh.chain.nonceOf(actorSigner(name).public_key)).toBe(1n)

    expect(fresh.submit([signTransaction(actorSigner("catch-up-after"), 0n, { _tag: "CasinoRegister", name: "catch-up-after" })])).toBe(null)
    await waitFor("a new transaction reaches every validator's state", () => nodes.every((n) => n.chain.nonceOf(actorSigner("catch-up-after").public_key) === 1n), 30_000)
    for (const n of nodes) expect(n.evidence).toEqual([])
  }, 240_000)
})
