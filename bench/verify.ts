/** Signature verifications per second: portable noble vs the node:crypto fast path, same inputs. */
import { Bench } from "tinybench"
import { fromHex } from "../engine/codec/bytes.ts"
import { actorSigner, signTransaction } from "../engine/tx/sign.ts"
import { signingMessage } from "../engine/tx/transaction.ts"
import { nobleVerifier } from "../engine/tx/verify.ts"
import { nodeVerifier } from "../engine/tx/verify-node.ts"
import { meanMs, type BenchReport } from "./report.ts"

export const benchVerify = async (): Promise<BenchReport> => {
  const items = Array.from({ length: 64 }, (_, i) => {
    const signer = actorSigner(`verify-${i}`)
    const tx = signTransaction(signer, BigInt(i), { _tag: "CasinoDeposit", amount: 100n })
    return { pk: fromHex(tx.public_key), msg: signingMessage(tx.nonce, tx.instruction), sig: fromHex(tx.signature) }
  })
  const bench = new Bench({ time: 1_000 })
  bench.add("noble verify", () => {
    for (const it of items) if (!nobleVerifier.verify(it.pk, it.msg, it.sig)) throw new Error("bad")
  })
  bench.add("node:crypto verify", () => {
    for (const it of items) if (!nodeVerifier.verify(it.pk, it.msg, it.sig)) throw new Error("bad")
  })
  await bench.run()
  const [noble, node] = bench.tasks.map((t) => (items.length / meanMs(t)) * 1000)
  return {
    name: "signature verification",
    rows: [
      ["noble verifies/s", noble ?? Number.NaN],
      ["node:crypto verifies/s", node ?? Number.NaN],
      ["ratio node:crypto / noble", (node ?? Number.NaN) / (noble ?? Number.NaN)]
    ]
  }
}
