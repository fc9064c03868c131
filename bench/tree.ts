/**
 * The authenticated state and its hashing, ratios against one baseline measured in the same run
 * (the engine's SHA-256, crypto/sha256.ts, of a tagged 64-byte message: the 64-byte tag prefix +
 * 64 bytes, the cost of one tree node the plain way; bench/ may not import @noble, and noble is
 * no longer the engine's SHA-256):
 * - the engine's tagged SHA-256 of two digests (midstate + precomputed padding schedule,
 *   crypto/tagged-hash.ts);
 * - root update per changed key: a tree of STATE_KEYS keys, CHANGED keys rewritten (key path,
 *   value hash, walk) and the root recomputed, per changed key;
 * - proofs generated and verified (standalone verifier) per second, in the same tree.
 */
import { Bench } from "tinybench"
import { utf8 } from "../engine/codec/bytes.ts"
import { sha256 } from "../engine/crypto/sha256.ts"
import { makeTag, taggedHashPair } from "../engine/crypto/tagged-hash.ts"
import { keyPath, valueHash } from "../engine/state/auth/hash.ts"
import { SparseMerkleTree } from "../engine/state/auth/tree.ts"
import { verifyPathProof } from "../engine/state/auth/verify-proof.ts"
import { ThroughputTable } from "./report.ts"

const STATE_KEYS = 20_000
const CHANGED = 2_500
const PROOFS = 500

export const PLAIN_BASELINE = "engine sha256, tag prefix + 64 bytes (one node, plain)"

export const benchTree = async (): Promise<ThroughputTable> => {
  const table = new ThroughputTable(`authenticated state (${STATE_KEYS.toLocaleString("en-US")} keys)`, PLAIN_BASELINE)
  const tag = makeTag("bench/node")
  const a = sha256(utf8("a"))
  const b = sha256(utf8("b"))
  const t = sha256(utf8("bench/node"))
  const plain = new Uint8Array(128)
  plain.set(t, 0)
  plain.set(t, 32)
  plain.set(a, 64)
  plain.set(b, 96)
  const HASHES = 1_000

  const tree = new SparseMerkleTree()
  const paths = Array.from({ length: STATE_KEYS }, (_, i) => keyPath("player", `key-${i}`))
  for (const [i, p] of paths.entries()) tree.set(p, valueHash(utf8(`v${i}`)))
  tree.root()
  let round = 0
  const values = paths.map((_, i) => utf8(`value ${i}`))
  const probes = paths.slice(0, PROOFS)
  const proofs = probes.map((p) => tree.prove(p))
  const root = tree.root()
  const probeValues = probes.map((_, i) => utf8(`v${i}`))

  const bench = new Bench({ iterations: 10, warmupIterations: 2, time: 1_500 })
  bench.add(PLAIN_BASELINE, () => {
    for (let i = 0; i < HASHES; i++) sha256(plain)
  })
  bench.add("engine tagged sha256 of two digests", () => {
    for (let i = 0; i < HASHES; i++) taggedHashPair(tag, a, b)
  })
  bench.add("proof generation", () => {
    for (const p of probes) tree.prove(p)
  })
  bench.add("proof verification (standalone)", () => {
    for (let i = 0; i < PROOFS; i++) if (!verifyPathProof(root, probes[i]!, probeValues[i]!, proofs[i]!)) throw new Error("a bench proof failed")
  })
  // last: it changes the tree the proofs above were taken in
  bench.add("root update per changed key", () => {
    round++
    for (let i = 0; i < CHANGED; i++) {
      const k = (i * 7 + round * 131) % STATE_KEYS
      tree.set(keyPath("player", `key-${k}`), valueHash(values[(k + round) % STATE_KEYS]!))
    }
    tree.root()
  })
  await bench.run()
  const task = (name: string) => {
    const x = bench.getTask(name)
    if (x === undefined) throw new Error(`no task ${name}`)
    return x
  }
  table.addTask(PLAIN_BASELINE, "hash", HASHES, task(PLAIN_BASELINE))
  table.addTask("engine tagged sha256 of two digests", "hash", HASHES, task("engine tagged sha256 of two digests"))
  table.addTask(`root update per changed key (${CHANGED} per root)`, "key", CHANGED, task("root update per changed key"))
  table.addTask("proof generation", "proof", PROOFS, task("proof generation"))
  table.addTask("proof verification (standalone)", "proof", PROOFS, task("proof verification (standalone)"))
  return table
}
