/**
 * Catch-up (ports 17110–17113): three validators finalize blocks while the fourth has never run;
 * the fourth starts from an empty data dir (its key file only), fetches the finalized blocks in
 * bounded batches with their finalization certificates, checks certificate, digest chain and
 * seeds, executes them to the same state roots, and then finalizes new blocks with the others.
 * A fresh validator's activity window starts at its own tip (genesis), so the consensus walk back
 * through a finalization's ancestors (fetching their certificates and bodies) races the sync
 * path, and either may execute any of the missed heights: every one of them is counted by one of
 * the two. (sync-from-disk.test.ts is where the sync path alone is measured.)
 */
import { afterAll, describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { dealValidatorKeys } from "../keys.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { loopbackCluster } from "./loopback-cluster.ts"

const cluster = loopbackCluster("catch-up", 4, 17110, { leader_ms: 300, advance_ms: 600, retry_ms: 1_000, fetch_ms: 300 }, 150)
const { dirs, nodes, open } = cluster
afterAll(cluster.close)

describe("catch-up of a fresh validator", () => {
  it("fetches, checks and executes the finalized blocks it missed, then takes part", async () => {
    dealValidatorKeys(dirs)
    for (const i of [0, 1, 2]) nodes.push(open(i))
    for (const n of nodes) await n.start()
    // eight waves of five, each executed everywhere before the next is sent: at least eight
    // blocks carry registrations however many transactions one block takes
    const names = Array.from({ length: 40 }, (_, i) => `catch-up-${i}`)
    for (let wave = 0; wave < 8; wave++) {
      for (const [i, name] of names.slice(5 * wave, 5 * wave + 5).entries())
        expect(nodes[i % 3]?.submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null)
      await waitUntil(`three validators execute wave ${wave}`, () => nodes.every((n) => n.stats().transactions_executed >= 5 * wave + 5), 60_000)
    }
    const target = Math.min(...nodes.map((n) => n.stats().executed_height))
    expect(target).toBeGreaterThanOrEqual(8)

    const fresh = open(3)
    nodes.push(fresh)
    expect(fresh.stats().executed_height).toBe(0)
    await fresh.start()
    await waitUntil("the fresh validator catches up", () => fresh.stats().executed_height >= target, 30_000)
    // every missed height was fetched and executed by one of the two catch-up paths, none twice
    const caught = fresh.stats()
    expect(caught.blocks_replayed).toBe(0)
    expect(caught.blocks_synced + caught.blocks_finalized).toBe(caught.executed_height)
    for (let h = 1; h <= target; h++) expect(fresh.stateRootAt(h)).toBe(nodes[0]?.stateRootAt(h))
    for (const name of names) expect(fresh.chain.nonceOf(actorSigner(name).public_key)).toBe(1n)

    expect(fresh.submit([signTransaction(actorSigner("catch-up-after"), 0n, { _tag: "CasinoRegister", name: "catch-up-after" })])).toBe(null)
    await waitUntil("a new transaction reaches every validator's state", () => nodes.every((n) => n.chain.nonceOf(actorSigner("catch-up-after").public_key) === 1n), 30_000)
    for (const n of nodes) expect(n.evidence).toEqual([])
  }, 240_000)
})
