/**
 * Partitions and a leader crash, four validators in one process (ports 17180–17183, every
 * validator reaching every other through its own proxy on 17184–17199, partition-proxy.ts):
 * - a minority of one cut off from the rest finalizes nothing while the other three go on; healed,
 *   it catches up to the same roots;
 * - split 2|2, neither side finalizes anything (both are minorities); healed, all go on;
 * - the leader of the current view crashes (closed mid-view); the other three keep finalizing;
 *   reopened from its data dir it catches up and its submissions are finalized everywhere;
 * - no validator ever records fault evidence or halts.
 */
import { afterAll, describe, expect, it } from "vitest"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { dealValidatorKeys } from "../keys.ts"
import type { ValidatorNode } from "../validator.ts"
import { loopbackCluster } from "./loopback-cluster.ts"
import { PartitionProxies } from "./partition-proxy.ts"

const N = 4
const proxies = new PartitionProxies(N, 17180, 17184)
const cluster = loopbackCluster("partition", N, 17180, { leader_ms: 200, advance_ms: 400, retry_ms: 2_000, fetch_ms: 400 }, 200, (i) => proxies.addressesFor(i))
afterAll(async () => {
  await cluster.close()
  await proxies.close()
})
const { dirs, nodes, open } = cluster
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const node = (i: number): ValidatorNode => {
  const n = nodes[i]
  if (n === undefined) throw new Error(`no validator ${i}`)
  return n
}
let registered = 0
/** register k fresh accounts through validator `via`; their names */
const register = (via: number, k: number): string[] =>
  Array.from({ length: k }, () => {
    const name = `partition-${registered++}`
    expect(node(via).submit([signTransaction(actorSigner(name), 0n, { _tag: "CasinoRegister", name })])).toBe(null)
    return name
  })
const executedBy = (names: ReadonlyArray<string>, at: ReadonlyArray<number>) => () =>
  at.every((i) => names.every((name) => node(i).chain.nonceOf(actorSigner(name).public_key) === 1n))
const finalized = (): number[] => nodes.map((n) => n.stats().finalized_height)
const ALL = [0, 1, 2, 3]

describe("partitions and a leader crash", () => {
  it("a cut-off minority never finalizes, a 2|2 split stops everyone, a crashed leader is replaced and rejoins", async () => {
    await proxies.listen()
    dealValidatorKeys(dirs)
    for (let i = 0; i < N; i++) nodes.push(open(i))
    for (const n of nodes) await n.start()
    await waitUntil("a first wave executed everywhere", executedBy(register(0, 5), ALL), 30_000)

    // one validator alone: the three go on, it finalizes nothing
    proxies.split([[0, 1, 2], [3]])
    await sleep(500)
    const alone_at = node(3).stats().finalized_height
    const majority_at = Math.min(...[0, 1, 2].map((i) => node(i).stats().finalized_height))
    const during = register(0, 6)
    await waitUntil("the majority executes while one is cut off", executedBy(during, [0, 1, 2]), 30_000)
    await waitUntil("the majority finalizes five more blocks", () => [0, 1, 2].every((i) => node(i).stats().finalized_height >= majority_at + 5), 30_000)
    expect(node(3).stats().finalized_height).toBe(alone_at)
    expect(executedBy(during, [3])()).toBe(false)
    proxies.heal()
    await waitUntil("the healed validator catches up", executedBy(during, [3]), 30_000)

    // 2|2: no side has a quorum
    proxies.split([[0, 1], [2, 3]])
    await sleep(500)
    const split_at = finalized()
    const stuck = [...register(0, 2), ...register(2, 2)]
    await sleep(3_000)
    expect(finalized()).toEqual(split_at)
    proxies.heal()
    await waitUntil("after the 2|2 split heals, everything submitted during it is executed everywhere", executedBy(stuck, ALL), 30_000)

    // crash the leader of the current view
    let leader = -1
    await waitUntil("a known leader", () => (leader = node(0).stats().leader) >= 0, 10_000)
    const crashed_at = finalized()
    await node(leader).close()
    const others = ALL.filter((i) => i !== leader)
    const via = others[0] ?? 0
    const without = register(via, 4)
    await waitUntil("the other three finalize without the crashed leader", executedBy(without, others), 30_000)
    for (const i of others) expect(node(i).stats().finalized_height).toBeGreaterThan(crashed_at[i] ?? 0)
    const reopened = open(leader)
    nodes[leader] = reopened
    await reopened.start()
    await waitUntil("the crashed leader catches up", executedBy(without, [leader]), 30_000)
    const after = register(leader, 2)
    await waitUntil("its submissions are finalized everywhere", executedBy(after, ALL), 30_000)

    const height = Math.min(...nodes.map((n) => n.stats().executed_height))
    for (let h = 1; h <= height; h++) for (const n of nodes) expect(n.stateRootAt(h)).toBe(node(0).stateRootAt(h))
    for (const n of nodes) {
      expect(n.evidence).toEqual([])
      expect(n.halted()).toBe(null)
    }
  }, 240_000)
})
