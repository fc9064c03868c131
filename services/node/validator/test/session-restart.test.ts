/**
 * Sessions played before a restart stay verifiable: four in-process validators (ports 17460–17463)
 * finalize a roulette session (register, StartGame, a batch of bets) with execution certificates;
 * then ALL four are closed and reopened from their data dirs. Validator 0's session index is
 * rebuilt from its replayed blocks.log (the same recordExecuted path as live blocks) and its
 * certificates come back from certificates.log, so the API's `/session/:id/verification` (the
 * real ApiLayer over HTTP, as `nullspace verify` reads it) answers a bundle that NullspaceClient
 * verifies completely, identical to the bundle served before the restart; `/session/:id` (chain
 * state, rebuilt by the replay) still shows the settled session. The network then keeps
 * finalizing after the restart. Last, validator 0 restarts with the execution certificates gone
 * from its certificates.log (as when it stopped before a quorum of acks reached it): it fetches
 * them from a peer, and with the move block's own finalization gone too a descendant's
 * finalization certifies it: the session verifies completely again.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Layer, Schema } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { toHex } from "../../../../engine/codec/bytes.ts"
import { encodeRouletteMove } from "../../../../engine/games/roulette/roulette.ts"
import { GAME_TYPES } from "../../../../engine/tx/instruction.ts"
import { actorSigner, signTransaction } from "../../../../engine/tx/sign.ts"
import { NodeVerifierLive } from "../../../../engine/tx/verify-node.ts"
import { Listening } from "../../../api/http-server.ts"
import { ApiMetricsLive } from "../../../api/metrics.ts"
import { defaultDevServerConfig, ServerConfig } from "../../../config.ts"
import { explorerLayer } from "../../../explorer/live.ts"
import { LogSink, silentLogSink } from "../../../log.ts"
import { ApiLayer } from "../../../server.ts"
import { waitUntil } from "../../../test/helpers.ts"
import { SessionVerification } from "../../../verify/bundle.ts"
import { NullspaceClient } from "../../../verify/client.ts"
import { openAppendFile } from "../../append-file.ts"
import { SessionVerifications } from "../../session-verification.ts"
import { dealValidatorKeys } from "../keys.ts"
import { Validator, ValidatorCertifiedLive, ValidatorDevChainLive, ValidatorSessionVerificationsLive } from "../validator-layer.ts"
import { CERT_EXECUTION, CERT_FINALIZATION, type ValidatorNode } from "../validator.ts"
import { loopbackCluster } from "./loopback-cluster.ts"

const N = 4
const cluster = loopbackCluster("session-restart", N, 17460, { leader_ms: 200, advance_ms: 400, retry_ms: 2_000, fetch_ms: 300 }, 200)
afterAll(cluster.close)

const isBundle = Schema.is(SessionVerification)
const bundleOf = (node: ValidatorNode, id: bigint): SessionVerification | null =>
  Effect.runSync(Effect.map(SessionVerifications, (v) => v.bundle(id)).pipe(Effect.provide(ValidatorSessionVerificationsLive.pipe(Layer.provide(Layer.succeed(Validator, node))))))

/** the validator's API (as `validator run --api-port` assembles it) on port 0, for the duration of `use` */
const withApi = <A>(node: ValidatorNode, use: (url: string) => Promise<A>): Promise<A> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const l = yield* Listening
        return yield* Effect.promise(() => use(l.url))
      }).pipe(
        Effect.provide(
          ApiLayer.pipe(
            Layer.provideMerge(explorerLayer(null, null)),
            Layer.provideMerge(Layer.mergeAll(ValidatorDevChainLive, ValidatorCertifiedLive, ValidatorSessionVerificationsLive)),
            Layer.provideMerge(Layer.succeed(Validator, node)),
            Layer.provideMerge(
              Layer.mergeAll(
                Layer.succeed(ServerConfig, { ...defaultDevServerConfig, port: 0, host: "127.0.0.1", data_dir: null, block_interval_ms: 0, log_requests: false, explorer: null }),
                Layer.succeed(LogSink, silentLogSink),
                NodeVerifierLive,
                ApiMetricsLive
              )
            )
          )
        )
      )
    )
  )

describe("session verification across a validator restart", () => {
  it("a session settled before all validators restarted verifies afterwards from the replayed index and certificates.log", async () => {
    const { dirs, nodes, open } = cluster
    dealValidatorKeys(dirs)
    for (let i = 0; i < N; i++) nodes.push(open(i))
    for (const n of nodes) await n.start()
    const node0 = nodes[0]
    if (node0 === undefined) throw new Error("validator 0")
    const group_key = toHex(node0.keys.group_key)

    const bo = actorSigner("session-restart/bo")
    const txs = [
      signTransaction(bo, 0n, { _tag: "CasinoRegister", name: "bo" }),
      signTransaction(bo, 1n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 7n }),
      signTransaction(bo, 2n, { _tag: "GameMove", session_id: 7n, payload: encodeRouletteMove({ _tag: "Batch", bets: [{ type: "BLACK", number: 0, amount: 10n }] }) })
    ]
    // served while the session is played (any node version indexes the blocks it executes live)
    const seen: { bundle: SessionVerification | null; session: unknown } = { bundle: null, session: null }
    await withApi(node0, async (url) => {
      expect(node0.submit(txs)).toBe(null)
      await waitUntil(
        "the session settled with execution certificates",
        async () => {
          const res = await fetch(`${url}/session/7/verification`)
          const body: unknown = await res.json()
          const b = res.status === 200 && isBundle(body) ? body : null
          seen.bundle = b
          return b !== null && b.steps.length === 2 && b.steps.every((s) => s.execution_certificate !== null)
        },
        60_000,
        100
      )
      seen.session = await (await fetch(`${url}/session/7`)).json()
    })
    const before = seen.bundle
    if (before === null) throw new Error("no bundle before the restart")

    // every validator stops and is reopened from its data dir
    for (const n of nodes.splice(0, N)) await n.close()
    for (let i = 0; i < N; i++) nodes.push(open(i))
    const reopened = nodes[0]
    if (reopened === undefined) throw new Error("validator 0 reopened")
    expect(reopened.stats().blocks_replayed).toBeGreaterThanOrEqual(Number(before.steps[1]?.height ?? "1"))

    await withApi(reopened, async (url) => {
      const c = new NullspaceClient(url, { group_key })
      const report = await Effect.runPromise(c.session(7n))
      expect(report.checks.filter((k) => !k.ok)).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.complete).toBe(true)
      expect(report.checks.find((k) => k.name === "replay")?.detail).toMatch(/settled/)
      expect(await (await fetch(`${url}/session/7`)).json()).toEqual(seen.session)
      expect((await fetch(`${url}/session/8/verification`)).status).toBe(404)
    })
    // the bundle is the one served before the restart, from the one rebuilt index
    expect(reopened.sessions.size).toBe(1)
    expect(bundleOf(reopened, 7n)).toEqual(before)

    // the restarted network keeps finalizing, and the index keeps growing from live blocks
    for (const n of nodes) await n.start()
    const height = Number(reopened.chain.height)
    expect(reopened.submit([signTransaction(bo, 3n, { _tag: "StartGame", game_type: GAME_TYPES.indexOf("roulette"), bet: 0n, session_id: 8n })])).toBe(null)
    await waitUntil("a new session after the restart is indexed", () => reopened.chain.height > height && bundleOf(reopened, 8n) !== null, 60_000)
    expect(reopened.sessions.size).toBe(2)

    // validator 0 stops having executed heights whose execution certificates never reached it (here:
    // its certificates.log keeps the finalizations only); once restarted it fetches them from a
    // peer (ExecCertRequest), checks them against its own roots, and the session verifies completely
    const stopped = nodes[0]
    if (stopped === undefined) throw new Error("validator 0")
    await stopped.close()
    const certsFile = path.join(dirs[0] ?? "", "certificates.log")
    const heights = before.steps.map((st) => Number(st.height))
    const moveHeight = heights[1] ?? 0
    // ... and the move block's own finalization too (as if it crashed between appending the block
    // and its certificate): a descendant's finalization certifies it through the digest chain
    const lost = (body: Uint8Array): boolean => body[0] === CERT_EXECUTION || (body[0] === CERT_FINALIZATION && body[1] === moveHeight)
    expect(moveHeight).toBeGreaterThan(0)
    expect(moveHeight).toBeLessThan(128)
    const kept = openAppendFile(certsFile).records.filter((r) => !lost(r.body)).map((r) => new Uint8Array(r.body))
    fs.rmSync(certsFile)
    const rewritten = openAppendFile(certsFile)
    rewritten.appendAll(kept)
    rewritten.close()
    const bare = open(0)
    nodes[0] = bare
    expect(bare.finalizedBlock(moveHeight)?.certificate).toBe(null)
    for (const h of heights) expect(bare.executionCertificate(h)).toBe(null)
    expect(bundleOf(bare, 7n)?.steps.map((st) => st.execution_certificate)).toEqual([null, null])
    await bare.start()
    await waitUntil("the missing execution certificates fetched from a peer", () => heights.every((h) => bare.executionCertificate(h) !== null), 30_000)
    await withApi(bare, async (url) => {
      const report = await Effect.runPromise(new NullspaceClient(url, { group_key }).session(7n))
      expect(report.checks.filter((k) => !k.ok)).toEqual([])
      expect(report.complete).toBe(true)
      expect(report.ok).toBe(true)
    })
    expect(bundleOf(bare, 7n)?.steps[1]?.descendants.length).toBeGreaterThan(0)
    for (const n of nodes) expect(n.evidence).toEqual([])
    for (const n of nodes) expect(n.halted()).toBe(null)
  }, 120_000)
})
