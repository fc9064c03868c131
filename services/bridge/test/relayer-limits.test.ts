/**
 * The relayer's two refusal paths and the refunds that close them, for real: Hardhat's in-process
 * network (EDR, served over a JSON-RPC HTTP listener on port 0 so the relayer's own viem transport
 * is used), the dev chain with the bridge open, and the relayer built from its layers in this
 * process and driven poll by poll (no child process, no fixed ports):
 *
 * 1. `--withdraw-max-chips`: a withdrawal above the relayer's ceiling is never sent to the lockbox;
 *    it stays in the state file blocked (BridgeItemBlocked 407 logged) and unfulfilled on the casino
 *    chain (GET /bridge still counts it in total_withdrawn), while a later one under the ceiling
 *    is released and finalized past it (no refund deadline configured: it stays blocked).
 * 2. a queued withdrawal the lockbox owner cancels during its delay: the relayer notices
 *    (processed = 3), never re-sends withdraw or release, and refunds it on the casino chain
 *    (RefundBridgeWithdrawal, reason cancelled_on_lockbox): the chips back, the RNG in the lockbox.
 * 3. an operator's refund (`refund <id>`) of a blocked withdrawal: refunded once; asked again,
 *    refused; a second RefundBridgeWithdrawal straight to the chain fails and changes nothing;
 *    the same through the CLI (`npm run relayer -- refund … <id>`, a child process on the file).
 * 4. restarted with `--refund-blocked-after-s`: the ceiling-blocked withdrawal of (1) is refunded
 *    past its deadline; a state file rolled back to before a refund settled (a crash after the
 *    submission) settles from the chain without paying twice; GET /bridge shows every refund.
 */
import * as fs from "node:fs"
import * as http from "node:http"
import * as path from "node:path"
import { Effect, Exit, Layer, Scope } from "effect"
import { bytesToHex, getAddress, parseEventLogs, type Address, type Hex } from "viem"
import { mnemonicToAccount } from "viem/accounts"
import { hardhat } from "viem/chains"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bridgeLockboxAbi, rngTokenAbi } from "../../../evm/abi/index.ts"
import { deploySystem, mined, type Deployment } from "../../../evm/src/deploy.ts"
import { inProcessNetwork, type InProcessNetwork } from "../../../evm/src/in-process.ts"
import { fromHex } from "../../../engine/codec/bytes.ts"
import { DEFAULT_POLICY } from "../../../engine/economy/policy.ts"
import { actorSigner } from "../../../engine/tx/sign.ts"
import { LogSink, memoryLogSink } from "../../log.ts"
import type { DevServer } from "../../server.ts"
import { get, register, removeTempDirs, startTestServer, submit, tempDir, tx, waitUntil } from "../../test/helpers.ts"
import { casinoApiLayer } from "../casino.ts"
import { lockboxLayer } from "../lockbox.ts"
import { DEFAULT_RELAYER_OPTIONS, Relayer, relayerLayer, type RelayerOptions, type RelayerShape } from "../relayer.ts"
import { withdrawalSource } from "../source.ts"
import { relayerCli, runToExit } from "./processes.ts"
import { initialState, readStateFile, RelayerStore, relayerStoreLayer, writeStateFile, type RelayerState, type RelayerStoreShape } from "../state.ts"

const CHIP = 10n ** 18n
const CEILING_CHIPS = 300n
/** Hardhat's public development mnemonic (its well-known test accounts; no secret) */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
const relayerEvm = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 1 })

const admin = actorSigner("bridge-limits-admin")
const relayerCasino = actorSigner("bridge-limits-relayer")
const player = actorSigner("bridge-limits-player")

let net: InProcessNetwork
let rpc: http.Server | null = null
let server: DevServer | null = null
let ticker: NodeJS.Timeout | null = null
let scope: Scope.CloseableScope | null = null
let relayer: RelayerShape
let store: RelayerStoreShape
let d: Deployment
let rpcUrl = ""
let stateFile = ""
const logs = memoryLogSink()
let nonce = 0n
let adminNonce = 0n

const errorField = (e: unknown, k: "code" | "data"): unknown => (typeof e === "object" && e !== null && k in e ? Reflect.get(e, k) : undefined)

/** the in-process network's provider behind a plain JSON-RPC listener (single requests) */
const serveRpc = async (request: (method: string, params: unknown[]) => Promise<unknown>): Promise<{ server: http.Server; url: string }> => {
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      const id = typeof body === "object" && body !== null && "id" in body ? body.id : null
      const method = typeof body === "object" && body !== null && "method" in body && typeof body.method === "string" ? body.method : ""
      const params = typeof body === "object" && body !== null && "params" in body && Array.isArray(body.params) ? body.params : []
      request(method, params).then(
        (result) => res.end(JSON.stringify({ jsonrpc: "2.0", id, result })),
        (e: unknown) => {
          const code = errorField(e, "code")
          res.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: typeof code === "number" ? code : -32603, message: e instanceof Error ? e.message : String(e), data: errorField(e, "data") } }))
        }
      )
    })
  })
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()))
  const a = srv.address()
  if (a === null || typeof a === "string") throw new Error("no rpc address")
  return { server: srv, url: `http://127.0.0.1:${a.port}` }
}

const send = async (who: "admin" | "player", ix: Parameters<typeof tx>[2]) => {
  if (server === null) throw new Error("no server")
  const r = await submit(server, [who === "admin" ? tx(admin, adminNonce++, ix) : tx(player, nonce++, ix)])
  expect(r.status, JSON.stringify(r.body)).toBe(200)
}
const api = async (p: string) => {
  if (server === null) throw new Error("no server")
  return (await get(server, p)).body
}
const withdrawal = async (id: number): Promise<{ fulfilled: boolean; amount: string } | null> => {
  const w = (await api(`/bridge/withdrawal/${id}`))["withdrawal"]
  if (typeof w !== "object" || w === null || !("fulfilled" in w) || !("amount" in w)) return null
  return { fulfilled: w.fulfilled === true, amount: String(w.amount) }
}
/** a withdrawal's status on the casino chain and its refund's reason (null when not refunded) */
const standing = async (id: number): Promise<{ status: unknown; reason: unknown }> => {
  const a = await api(`/bridge/withdrawal/${id}`)
  const r = a["refund"]
  return { status: a["status"], reason: typeof r === "object" && r !== null && "reason" in r ? r.reason : null }
}
/** the relayer file's withdrawal ledger (the EVM cursor moves with every poll and is left out) */
const ledgerOf = (s: RelayerState) => ({ withdrawals: s.withdrawals, withdraw_next_id: s.withdraw_next_id, finalized: s.finalized_withdrawals, refunded: s.refunded_withdrawals })
const refundTotals = async () => {
  const b = await api("/bridge")
  return { refunds: b["refunds"], outstanding: b["outstanding"] }
}
const chips = async () => BigInt(String((await api(`/player/${player.public_key}`))["chips"]))
const bridgeTotals = async () => {
  const s = (await api("/bridge"))["state"]
  if (typeof s !== "object" || s === null || !("total_withdrawn" in s) || !("next_withdrawal_id" in s)) throw new Error("no bridge state")
  return { total_withdrawn: String(s.total_withdrawn), next_withdrawal_id: String(s.next_withdrawal_id) }
}
const rngOf = (a: Address) => net.publicClient.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [a] })
const lockboxRead = (fn: "totalReleased" | "totalQueued") => net.publicClient.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: fn })
const processed = (source: Hex) => net.publicClient.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "processed", args: [source] })
const relayerNonce = () => net.publicClient.getTransactionCount({ address: relayerEvm.address, blockTag: "pending" })
const pending = (id: string) => store.get().withdrawals.find((w) => w.id === id)
const withdrawnSources = async () => {
  const all = await net.publicClient.getLogs({ address: d.bridgeLockbox, fromBlock: 0n, toBlock: "latest" })
  return parseEventLogs({ abi: bridgeLockboxAbi, logs: all, eventName: "Withdrawn" }).map((l) => l.args.source)
}
/** one relayer poll, then one EVM block (so confirmations advance as polls go by) */
const poll = async () => {
  const r = await Effect.runPromise(relayer.pollOnce())
  await net.mine(1n)
  return r
}
const pollUntil = async (what: string, ok: () => boolean | Promise<boolean>, max_polls: number) => {
  for (let i = 0; i < max_polls; i++) {
    if (await ok()) return
    await poll()
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`${what}: not after ${max_polls} polls; state ${JSON.stringify(store.get())}`)
}

beforeAll(async () => {
  net = await inProcessNetwork()
  const rpcServer = await serveRpc(hardhatRequest)
  rpc = rpcServer.server
  const deployer = net.accounts[0]
  if (deployer === undefined) throw new Error("no accounts")
  d = await deploySystem(net.publicClient, net.walletOf(deployer), { network: "hardhat" })
  await mined(net.publicClient, await net.walletOf(deployer).writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setRelayer", args: [relayerEvm.address] }))

  rpcUrl = rpcServer.url
  stateFile = path.join(tempDir("bridge-limits"), "relayer-state.json")
  server = await startTestServer({ blockIntervalMs: 0, adminKeys: [admin.public_key, relayerCasino.public_key] })
  const s = server
  // the dev chain builds blocks only for transactions: a ticker makes its clock (view × 3 s) move
  ticker = setInterval(() => void Effect.runPromise(Effect.either(s.devChain.produceNow)), 30)
  await send("admin", {
    _tag: "SetPolicy",
    policy: { ...DEFAULT_POLICY, bridge_paused: false, bridge_daily_limit: 1_000_000n, bridge_daily_limit_per_account: 100_000n, bridge_delay_secs: 3n }
  })
  expect((await submit(s, [register(player, nonce++, "limits")])).status).toBe(200)
  await waitUntil("the player registered and the bridge open", async () => (await get(s, `/player/${player.public_key}`)).status === 200 && (await api("/bridge"))["policy"] !== undefined, 10_000)
  await waitUntil("the bridge open", async () => JSON.stringify((await api("/bridge"))["policy"]).includes('"bridge_paused":false'), 10_000)

  await startRelayerHere({})
}, 60_000)

/** (re)start the relayer in this process on the one state file (a restart: the old one stopped first) */
const startRelayerHere = async (extra: Partial<RelayerOptions>) => {
  if (server === null) throw new Error("no server")
  if (scope !== null) await Effect.runPromise(Scope.close(scope, Exit.void))
  const layer = relayerLayer({ ...DEFAULT_RELAYER_OPTIONS, confirmations: 2n, poll_ms: 20, backoff_max_ms: 40, withdraw_max_chips: CEILING_CHIPS, ...extra }).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        casinoApiLayer({ api_url: server.url, signer: relayerCasino, execution_timeout_ms: 10_000 }),
        lockboxLayer({ rpc_url: rpcUrl, chain: hardhat, lockbox: d.bridgeLockbox, account: relayerEvm }),
        relayerStoreLayer(stateFile, initialState(0n, 0n)),
        Layer.succeed(LogSink, logs)
      )
    )
  )
  scope = Effect.runSync(Scope.make())
  const ctx = await Effect.runPromise(Layer.buildWithScope(layer, scope))
  relayer = Effect.runSync(Effect.provide(Relayer, ctx))
  store = Effect.runSync(Effect.provide(RelayerStore, ctx))
}
const stopRelayerHere = async () => {
  if (scope !== null) await Effect.runPromise(Scope.close(scope, Exit.void))
  scope = null
}

/** the in-process network's own EIP-1193 request (Hardhat's provider; reverts keep code 3 and their data) */
const hardhatRequest = (method: string, params: unknown[]): Promise<unknown> => net.publicClient.transport.request({ method, params })

afterAll(async () => {
  if (ticker !== null) clearInterval(ticker)
  if (scope !== null) await Effect.runPromise(Scope.close(scope, Exit.void))
  await server?.close()
  await new Promise<void>((r) => (rpc === null ? r() : rpc.close(() => r())))
  removeTempDirs()
})

describe("bridge relayer: its ceiling and a lockbox cancel (in-process Hardhat ⇄ dev chain)", () => {
  it("a withdrawal above --withdraw-max-chips is never sent, stays blocked and unfulfilled; the next one under it is released past it", async () => {
    const evmPlayer = getAddress(net.accounts[2] ?? "0x0")
    const chips0 = await chips()
    const lockbox0 = await rngOf(d.bridgeLockbox)
    const nonce0 = await relayerNonce()
    await send("player", { _tag: "BridgeWithdraw", amount: CEILING_CHIPS + 1n, destination: fromHex(evmPlayer.slice(2)) })
    await send("player", { _tag: "BridgeWithdraw", amount: 100n, destination: fromHex(evmPlayer.slice(2)) })
    await waitUntil("both withdrawals on the casino chain", async () => (await withdrawal(1)) !== null, 10_000)
    expect(await chips()).toBe(chips0 - CEILING_CHIPS - 1n - 100n)

    await pollUntil("withdrawal 1 finalized", async () => (await withdrawal(1))?.fulfilled === true, 200)
    expect(await rngOf(evmPlayer)).toBe(100n * CHIP)
    // a few more polls: the one above the ceiling is still never sent
    for (let i = 0; i < 5; i++) await poll()
    const w0 = pending("0")
    expect(w0?.blocked).toContain(`ceiling of ${CEILING_CHIPS} chips`)
    expect(w0?.evm_tx_hash).toBeNull()
    expect(w0?.amount_chips).toBe(String(CEILING_CHIPS + 1n))
    const source0 = withdrawalSource(0n, fromHex(player.public_key), CEILING_CHIPS + 1n, fromHex(evmPlayer.slice(2)))
    expect(w0?.source).toBe(source0)
    expect(await processed(source0)).toBe(0)
    expect(await withdrawnSources()).not.toContain(source0)
    // exactly one lockbox transaction from the relayer (withdraw of withdrawal 1)
    expect((await relayerNonce()) - nonce0).toBe(1)
    expect(await rngOf(d.bridgeLockbox)).toBe(lockbox0 - 100n * CHIP)
    // the chips stay accounted for on the casino chain: debited, counted, unfulfilled
    expect(await withdrawal(0)).toEqual({ fulfilled: false, amount: String(CEILING_CHIPS + 1n) })
    expect(await bridgeTotals()).toEqual({ total_withdrawn: String(CEILING_CHIPS + 1n + 100n), next_withdrawal_id: "2" })
    expect(store.get().finalized_withdrawals).toBe(1)
    expect(store.get().withdraw_next_id).toBe("2")
    const blocked = logs.records.filter((r) => r.msg === "bridge withdrawal blocked" && r["id"] === "0")
    expect(blocked.length).toBe(1)
    expect(blocked[0]?.["code"]).toBe(407)
  }, 60_000)

  it("a queued withdrawal the lockbox owner cancels is never released or re-sent, and is refunded on the casino chain", async () => {
    const evmPlayer = getAddress(net.accounts[3] ?? "0x0")
    const owner = net.accounts[0]
    if (owner === undefined) throw new Error("no owner")
    // the lockbox queues withdrawals of 100 RNG or more for an hour
    await mined(net.publicClient, await net.walletOf(owner).writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setLimits", args: [0n, 0n, 100n * CHIP, 3600n] }))
    const released0 = await lockboxRead("totalReleased")
    const lockbox0 = await rngOf(d.bridgeLockbox)
    const total0 = BigInt((await bridgeTotals()).total_withdrawn)
    const nonce0 = await relayerNonce()
    const chips0 = await chips()
    await send("player", { _tag: "BridgeWithdraw", amount: 150n, destination: fromHex(evmPlayer.slice(2)) })
    await waitUntil("withdrawal 2 on the casino chain", async () => (await withdrawal(2)) !== null, 10_000)
    const source2 = withdrawalSource(2n, fromHex(player.public_key), 150n, fromHex(evmPlayer.slice(2)))

    await pollUntil("withdrawal 2 queued on the lockbox", async () => (await processed(source2)) === 2, 200)
    expect(await lockboxRead("totalQueued")).toBe(150n * CHIP)
    // the relayer keeps polling during the delay (its early release attempts fail and back off)
    for (let i = 0; i < 6; i++) await poll()
    expect(pending("2")?.blocked).toBeNull()
    await mined(net.publicClient, await net.walletOf(owner).writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "cancel", args: [source2] }))
    expect(await processed(source2)).toBe(3)
    // past the delay: a release would now be allowed by time, but the source is cancelled
    await net.increaseTime(3601n)
    await pollUntil("withdrawal 2 refunded as cancelled", async () => (await standing(2)).status === "refunded", 200)
    const sentBefore = await relayerNonce()
    for (let i = 0; i < 8; i++) await poll()
    await new Promise((r) => setTimeout(r, 100))
    for (let i = 0; i < 4; i++) await poll()
    // nothing more sent, nothing released, the RNG still in the lockbox
    expect(await relayerNonce()).toBe(sentBefore)
    expect(sentBefore - nonce0).toBe(1)
    expect(await processed(source2)).toBe(3)
    expect(await withdrawnSources()).not.toContain(source2)
    expect(await lockboxRead("totalReleased")).toBe(released0)
    expect(await lockboxRead("totalQueued")).toBe(0n)
    expect(await rngOf(d.bridgeLockbox)).toBe(lockbox0)
    expect(await rngOf(evmPlayer)).toBe(0n)
    // the casino chain: refunded once (the chips back), never fulfilled; the item left the relayer's file
    expect(await withdrawal(2)).toEqual({ fulfilled: false, amount: "150" })
    expect(await standing(2)).toEqual({ status: "refunded", reason: "cancelled_on_lockbox" })
    expect(await chips()).toBe(chips0)
    expect(await bridgeTotals()).toEqual({ total_withdrawn: String(total0 + 150n), next_withdrawal_id: "3" })
    expect(await refundTotals()).toEqual({ refunds: { total_refunded: "150", refund_count: "1" }, outstanding: String(CEILING_CHIPS + 1n + 100n) })
    expect(pending("2")).toBeUndefined()
    expect(store.get().finalized_withdrawals).toBe(1)
    expect(store.get().refunded_withdrawals).toBe(1)
    expect(logs.records.filter((r) => r.msg === "bridge withdrawal blocked" && r["id"] === "2").map((r) => r["code"])).toEqual([407])
    expect(logs.records.filter((r) => r.msg === "bridge withdrawal refunded").map((r) => r["id"])).toEqual(["2"])
  }, 60_000)

  it("an operator's refund of a blocked withdrawal pays once; asked again it is refused, and so is a second refund on the chain", async () => {
    const evmPlayer = getAddress(net.accounts[4] ?? "0x0")
    const chips0 = await chips()
    const nonce0 = await relayerNonce()
    await send("player", { _tag: "BridgeWithdraw", amount: CEILING_CHIPS + 50n, destination: fromHex(evmPlayer.slice(2)) })
    await waitUntil("withdrawal 3 on the casino chain", async () => (await withdrawal(3)) !== null, 10_000)
    await pollUntil("withdrawal 3 blocked by the ceiling", () => pending("3")?.blocked?.includes("ceiling") === true, 200)
    expect(await chips()).toBe(chips0 - CEILING_CHIPS - 50n)

    expect(await Effect.runPromise(relayer.refund("3"))).toBe("refunded")
    expect(await chips()).toBe(chips0)
    expect(await standing(3)).toEqual({ status: "refunded", reason: "operator" })
    expect(pending("3")).toBeUndefined()
    // again: not pending any more (typed refusal, code 409), and nothing moves
    const again = await Effect.runPromise(Effect.flip(relayer.refund("3")))
    expect(again).toMatchObject({ _tag: "BridgeRefundRefused", code: 409 })
    // a finalized withdrawal is not the relayer's to refund either
    expect(await Effect.runPromise(Effect.flip(relayer.refund("1")))).toMatchObject({ _tag: "BridgeRefundRefused" })
    // straight to the chain, a second refund of 3 executes as a failure and changes nothing
    await send("admin", { _tag: "RefundBridgeWithdrawal", withdrawal_id: 3n, reason: "operator" })
    await waitUntil("the admin's refund executed", async () => BigInt(String((await api(`/account/${admin.public_key}`))["nonce"])) === adminNonce, 10_000)
    for (let i = 0; i < 4; i++) await poll()
    expect(await chips()).toBe(chips0)
    expect(await refundTotals()).toEqual({ refunds: { total_refunded: String(150n + CEILING_CHIPS + 50n), refund_count: "2" }, outstanding: String(CEILING_CHIPS + 1n + 100n) })
    expect(await relayerNonce()).toBe(nonce0)
    expect(store.get().refunded_withdrawals).toBe(2)
  }, 60_000)

  it("the operator's CLI: `relayer refund <id>` on the stopped relayer's state file refunds a blocked withdrawal once", async () => {
    if (server === null) throw new Error("no server")
    const evmPlayer = getAddress(net.accounts[5] ?? "0x0")
    const chips0 = await chips()
    const nonce0 = await relayerNonce()
    await send("player", { _tag: "BridgeWithdraw", amount: CEILING_CHIPS + 7n, destination: fromHex(evmPlayer.slice(2)) })
    await waitUntil("withdrawal 4 on the casino chain", async () => (await withdrawal(4)) !== null, 10_000)
    await pollUntil("withdrawal 4 blocked by the ceiling", () => pending("4")?.blocked?.includes("ceiling") === true, 200)
    const dir = path.dirname(stateFile)
    const evmKey = path.join(dir, "evm.key")
    const casinoKey = path.join(dir, "casino.key")
    fs.writeFileSync(evmKey, bytesToHex(relayerEvm.getHdKey().privateKey ?? new Uint8Array()), { mode: 0o600 })
    fs.writeFileSync(casinoKey, Buffer.from(relayerCasino.secret).toString("hex"), { mode: 0o600 })
    const args = ["--api", server.url, "--evm-rpc-url", rpcUrl, "--lockbox-address", d.bridgeLockbox, "--evm-key-file", evmKey, "--casino-key-file", casinoKey, "--state-path", stateFile, "--withdraw-max-chips", String(CEILING_CHIPS)]
    // while this process's relayer holds the file, the CLI is refused and nothing moves
    const locked = await runToExit(relayerCli(["refund", ...args, "4"]), 60_000)
    expect(locked.code).toBe(1)
    expect(locked.output).toContain("held by relayer process")
    expect(await chips()).toBe(chips0 - CEILING_CHIPS - 7n)
    await stopRelayerHere()
    const done = await runToExit(relayerCli(["refund", ...args, "4"]), 60_000)
    expect(done.code, done.output).toBe(0)
    expect(done.output).toContain('"outcome":"refunded"')
    expect(await chips()).toBe(chips0)
    expect(await standing(4)).toEqual({ status: "refunded", reason: "operator" })
    // again: not pending any more; exit 1, nothing moves
    const again = await runToExit(relayerCli(["refund", ...args, "4"]), 60_000)
    expect(again.code).toBe(1)
    expect(again.output).toContain("not pending")
    await startRelayerHere({})
    expect(pending("4")).toBeUndefined()
    expect(store.get().refunded_withdrawals).toBe(3)
    expect(await chips()).toBe(chips0)
    expect(await relayerNonce()).toBe(nonce0)
  }, 180_000)

  it("restarted with a refund deadline: the ceiling-blocked withdrawal is refunded; a rolled-back state file never pays twice", async () => {
    const chips0 = await chips()
    const nonce0 = await relayerNonce()
    expect(pending("0")?.blocked).toContain("ceiling")
    await startRelayerHere({ refund_blocked_after_s: 60n })
    // the file survived the restart: withdrawal 0 is still pending, blocked, never sent
    expect(pending("0")?.evm_tx_hash).toBeNull()
    await pollUntil("withdrawal 0 refunded past its deadline", async () => (await standing(0)).status === "refunded", 400)
    expect(await standing(0)).toEqual({ status: "refunded", reason: "blocked_by_relayer" })
    expect(await chips()).toBe(chips0 + CEILING_CHIPS + 1n)
    expect(store.get().withdrawals).toEqual([])
    expect(store.get().refunded_withdrawals).toBe(4)
    const settled = ledgerOf(store.get())

    // a crash after the refund was submitted but before the file recorded it: roll the file back
    await stopRelayerHere()
    const rolledBack = await Effect.runPromise(readStateFile(stateFile))
    if (rolledBack === null) throw new Error("no state file")
    writeStateFile(stateFile, {
      ...rolledBack,
      withdrawals: [
        {
          id: "0",
          source: withdrawalSource(0n, fromHex(player.public_key), CEILING_CHIPS + 1n, fromHex(getAddress(net.accounts[2] ?? "0x0").slice(2))),
          to: getAddress(net.accounts[2] ?? "0x0"),
          amount_chips: String(CEILING_CHIPS + 1n),
          available_ts: "0",
          evm_tx_hash: null,
          raw_tx: null,
          attempts: 0,
          next_try_ms: 0,
          blocked: `above the relayer's ceiling of ${CEILING_CHIPS} chips`,
          refund_reason: "blocked_by_relayer"
        }
      ],
      refunded_withdrawals: 3
    })
    await startRelayerHere({ refund_blocked_after_s: 60n })
    await pollUntil("the rolled-back refund settled from the chain", () => store.get().withdrawals.length === 0, 100)
    for (let i = 0; i < 4; i++) await poll()
    // nothing doubled: chips, the chain's refund totals, the file's count; nothing sent to the lockbox
    expect(await chips()).toBe(chips0 + CEILING_CHIPS + 1n)
    expect(ledgerOf(store.get())).toEqual(settled)
    expect(await refundTotals()).toEqual({ refunds: { total_refunded: String(150n + CEILING_CHIPS + 50n + CEILING_CHIPS + 7n + CEILING_CHIPS + 1n), refund_count: "4" }, outstanding: "100" })
    expect(await relayerNonce()).toBe(nonce0)
    // the casino chain's ledger: withdrawn = finalized (100, the only RNG out on EVM: outstanding) + refunded
    expect(await bridgeTotals()).toEqual({ total_withdrawn: String(CEILING_CHIPS + 1n + 100n + 150n + CEILING_CHIPS + 50n + CEILING_CHIPS + 7n), next_withdrawal_id: "5" })
    expect(logs.records.filter((r) => r.msg === "bridge withdrawal refunded").map((r) => r["id"])).toEqual(["2", "3", "0", "0"])
  }, 60_000)
})
