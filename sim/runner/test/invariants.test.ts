import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either, Exit, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { toHex } from "../../../engine/codec/bytes.ts"
import { transactionDigest } from "../../../engine/tx/transaction.ts"
import { CATALOG } from "../../../scenarios/index.ts"
import { quickstart } from "../../../scenarios/quickstart/scenario.ts"
import { readBlockLog } from "../block-log.ts"
import { InvariantViolated } from "../errors.ts"
import { DEFAULT_INVARIANTS, type InvariantSuite } from "../invariants.ts"
import { nodeDir, violationPath } from "../run-files.ts"
import { runScenario } from "../run-scenario.ts"
import { CodeVersion, duckDbSinkAt } from "../services.ts"
import { simulate } from "../simulate.ts"

const params = { agents: "12", days: "2", seed: "inv" }
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const specOf = () => {
  const r = quickstart.resolve(params)
  if (Either.isLeft(r)) throw new Error(r.left)
  return r.right.spec
}

/** the straight run the violations are placed in */
const straight = simulate(specOf())

const runWith = (invariants: InvariantSuite) => {
  const dir = mkdtempSync(join(tmpdir(), "ns-inv-"))
  dirs.push(dir)
  return Effect.runPromiseExit(
    runScenario(CATALOG, "quickstart", params, { invariants }).pipe(Effect.provide(Layer.merge(duckDbSinkAt(dir), Layer.succeed(CodeVersion, "test"))))
  ).then((e) => ({ exit: e, dir }))
}

const violationOf = (exit: Exit.Exit<unknown, unknown>): InvariantViolated => {
  if (Exit.isSuccess(exit)) throw new Error("the run did not stop")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (!(failure instanceof InvariantViolated)) throw new Error(`unexpected failure: ${String(exit.cause)}`)
  return failure
}

describe("runner invariants", () => {
  it("the default laws hold along a whole quickstart run (checked on every transaction and block)", () => {
    expect(straight.totals.blocks).toBeGreaterThan(10n)
    expect(straight.totals.applied).toBeGreaterThan(0n)
  })

  it("a transaction law failing at a known transaction stops the run and names seed, height, tx and law", async () => {
    // a block past the first, with at least two transactions: the law refuses its second one
    const target_height = straight.blocks.findIndex((b, i) => i > 2 && b.block.transactions.length > 1) + 1
    expect(target_height).toBeGreaterThan(3)
    const target = straight.blocks[target_height - 1]!
    const tx = target.block.transactions[1]!
    const tx_id = toHex(transactionDigest(tx))
    const suite: InvariantSuite = {
      transaction: [...DEFAULT_INVARIANTS.transaction, { name: "test.refuse-one-tx", check: (_s, ctx) => (ctx.tx_id === tx_id ? "this transaction is refused by the test" : null) }],
      block: DEFAULT_INVARIANTS.block
    }
    const { exit, dir } = await runWith(suite)
    const v = violationOf(exit).violation
    expect(v).toMatchObject({ seed: "inv", height: BigInt(target_height), view: target.block.view, tx_id, tx_index: 1, invariant: "test.refuse-one-tx" })
    expect(v.signer).toBe(tx.public_key)
    expect(v.instruction).toBe(tx.instruction._tag)
    // everything up to the last good block is kept: the violating block was rolled back
    const runs = readFileSync(join(dir, "LATEST"), "utf8").trim()
    const written = JSON.parse(readFileSync(violationPath(join(dir, runs)), "utf8"))
    expect(written).toMatchObject({ seed: "inv", height: target_height, tx_id, tx_index: 1, invariant: "test.refuse-one-tx" })
    expect(written.summary).toContain(tx_id)
    const log = readBlockLog(nodeDir(join(dir, runs)))
    expect(log.blocks.length).toBe(target_height - 1)
    expect(log.blocks.at(-1)?.state_root).toBe(straight.blocks[target_height - 2]!.result.state_root)
  })

  it("a block law failing at a known height names that block and no transaction", async () => {
    const suite: InvariantSuite = {
      transaction: DEFAULT_INVARIANTS.transaction,
      block: [...DEFAULT_INVARIANTS.block, { name: "test.stop-at-9", check: (_s, height) => (height === 9n ? "height 9 is refused by the test" : null) }]
    }
    const { exit, dir } = await runWith(suite)
    const failure = violationOf(exit)
    expect(failure.violation).toMatchObject({ height: 9n, tx_id: null, invariant: "test.stop-at-9", seed: "inv" })
    expect(failure.partial.totals.blocks).toBe(9n)
    const runs = readFileSync(join(dir, "LATEST"), "utf8").trim()
    expect(readBlockLog(nodeDir(join(dir, runs))).blocks.length).toBe(9)
  })
})
