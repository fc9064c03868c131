/**
 * End to end, for real: a Hardhat node (port 31401) with the six contracts, the dev chain with the
 * bridge open, and the relayer CLI as a child process. A player withdraws to EVM, deposits back,
 * withdraws again into the lockbox's delay queue; the relayer is killed (SIGKILL) with that
 * withdrawal queued on EVM but not released or finalized and a deposit arriving while it is down,
 * then restarted on the same state file (it releases after the delay and finalizes). Nothing is lost or
 * doubled: balances on both chains, the lockbox's and the chain's totals, one Withdrawn event and
 * one credit per item, and an empty pending list.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { bytesToHex, createTestClient, getAddress, http, parseEventLogs, type Address } from "viem"
import { mnemonicToAccount } from "viem/accounts"
import { hardhat } from "viem/chains"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bridgeLockboxAbi, rngTokenAbi } from "../../../evm/abi/index.ts"
import { clientsFor, type EvmClients } from "../../../evm/src/clients.ts"
import { deploySystem, mined, type Deployment } from "../../../evm/src/deploy.ts"
import { fromHex } from "../../../engine/codec/bytes.ts"
import { DEFAULT_POLICY } from "../../../engine/economy/policy.ts"
import { actorSigner } from "../../../engine/tx/sign.ts"
import type { DevServer } from "../../server.ts"
import { get, register, removeTempDirs, startTestServer, submit, tempDir, tx, waitUntil } from "../../test/helpers.ts"
import { withdrawalSource } from "../source.ts"
import { RelayerState } from "../state.ts"
import { startHardhatNode, startRelayer, type Child } from "./processes.ts"
import { Effect, Schema } from "effect"

const PORT = 31401
const CHIP = 10n ** 18n
/** Hardhat's public development mnemonic (its well-known test accounts; no secret) */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"

const admin = actorSigner("bridge-e2e-admin")
const relayerCasino = actorSigner("bridge-e2e-relayer")
const player = actorSigner("bridge-e2e-player")
const late = actorSigner("bridge-e2e-late-player")
/** what a fresh registration grants (read from a registered player's record) */
let chipsLate = 0n
const decodeState = Schema.decodeUnknownSync(Schema.parseJson(RelayerState))

let node: (Child & { url: string }) | null = null
let relayer: Child | null = null
let server: DevServer | null = null
let evm: EvmClients
let d: Deployment
let miner: NodeJS.Timeout | null = null
let ticker: NodeJS.Timeout | null = null
let dir = ""
let relayerArgs: string[] = []
const nonces = { admin: 0n, player: 0n }

const mineEvery = (ms: number) => {
  const test = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(node?.url ?? "", { retryCount: 0 }) })
  miner = setInterval(() => void test.mine({ blocks: 1 }).catch(() => {}), ms)
}
const stopMining = () => {
  if (miner !== null) clearInterval(miner)
  miner = null
}

const chipsOf = async (): Promise<bigint> => {
  if (server === null) throw new Error("no server")
  const r = await get(server, `/player/${player.public_key}`)
  return BigInt(String(r.body["chips"]))
}
const withdrawal = async (id: number) => {
  if (server === null) throw new Error("no server")
  return (await get(server, `/bridge/withdrawal/${id}`)).body["withdrawal"]
}
const fulfilled = async (id: number) => {
  const w = await withdrawal(id)
  return typeof w === "object" && w !== null && "fulfilled" in w && w.fulfilled === true
}
const rngOf = (a: Address) => evm.publicClient.readContract({ address: d.rng, abi: rngTokenAbi, functionName: "balanceOf", args: [a] })
const state = () => decodeState(fs.readFileSync(path.join(dir, "relayer-state.json"), "utf8"))

const send = async (who: "admin" | "player", ix: Parameters<typeof tx>[2]) => {
  if (server === null) throw new Error("no server")
  const signer = who === "admin" ? admin : player
  const r = await submit(server, [tx(signer, nonces[who]++, ix)])
  expect(r.status, JSON.stringify(r.body)).toBe(200)
}

beforeAll(async () => {
  dir = tempDir("bridge-e2e")
  node = await startHardhatNode(PORT)
  evm = await clientsFor(http(node.url, { retryCount: 0 }), hardhat)
  const deployer = evm.accounts[0]
  if (deployer === undefined) throw new Error("no accounts")
  d = await deploySystem(evm.publicClient, evm.walletOf(deployer), { network: "localhost" })
  // role separation: the relayer key (HD account 1 of the development mnemonic) is the lockbox's relayer, not its owner
  const relayerEvm = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: 1 })
  await mined(evm.publicClient, await evm.walletOf(deployer).writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setRelayer", args: [relayerEvm.address] }))
  const evmKey = path.join(dir, "evm.key")
  fs.writeFileSync(evmKey, bytesToHex(relayerEvm.getHdKey().privateKey ?? new Uint8Array()), { mode: 0o600 })
  const casinoKey = path.join(dir, "casino.key")
  fs.writeFileSync(casinoKey, Buffer.from(relayerCasino.secret).toString("hex"), { mode: 0o600 })
  // the dev chain only builds blocks for transactions: a ticker produces one every 30 ms, empty or
  // not, so that the chain's clock (view × 3 s) moves as a validator network's would
  server = await startTestServer({ blockIntervalMs: 0, adminKeys: [admin.public_key, relayerCasino.public_key] })
  const s = server
  ticker = setInterval(() => void Effect.runPromise(Effect.either(s.devChain.produceNow)), 30)
  await send("admin", {
    _tag: "SetPolicy",
    policy: { ...DEFAULT_POLICY, bridge_paused: false, bridge_daily_limit: 1_000_000n, bridge_daily_limit_per_account: 100_000n, bridge_delay_secs: 6n }
  })
  const r = await submit(server, [register(player, nonces.player++, "bridger")])
  expect(r.status).toBe(200)
  await waitUntil(
    "the bridge open",
    async () => {
      const p = (await get(s, "/bridge")).body["policy"]
      return typeof p === "object" && p !== null && "bridge_paused" in p && p.bridge_paused === false
    },
    10_000
  )
  await waitUntil("the player registered", async () => (await get(s, `/player/${player.public_key}`)).status === 200, 10_000)
  relayerArgs = [
    "--api", server.url, "--evm-rpc-url", node.url, "--lockbox-address", d.bridgeLockbox, "--evm-chain-id", "31337",
    "--evm-key-file", evmKey, "--casino-key-file", casinoKey, "--state-path", path.join(dir, "relayer-state.json"),
    "--evm-confirmations", "3", "--poll-ms", "100", "--execution-timeout-ms", "10000"
  ]
}, 120_000)

afterAll(async () => {
  stopMining()
  if (ticker !== null) clearInterval(ticker)
  await relayer?.kill()
  await server?.close()
  await node?.kill()
  removeTempDirs()
})

describe("bridge relayer end to end (Hardhat node ⇄ dev chain)", () => {
  it("withdraw → released; deposit → credited; withdraw with the relayer killed mid-flight → released once, finalized once", async () => {
    try {
      await scenario()
    } catch (e) {
      process.stderr.write(`relayer output:\n${relayer?.output().slice(-6000) ?? ""}\nstate: ${fs.existsSync(path.join(dir, "relayer-state.json")) ? fs.readFileSync(path.join(dir, "relayer-state.json"), "utf8") : "none"}\n`)
      throw e
    }
  }, 300_000)
})

const scenario = async () => {
  {
    const t0 = performance.now()
    const evmPlayer = evm.accounts[2]
    const deployer = evm.accounts[0]
    if (deployer === undefined || evmPlayer === undefined || server === null || node === null) throw new Error("setup")
    const chips0 = await chipsOf()
    chipsLate = chips0
    const lockbox0 = await rngOf(d.bridgeLockbox)
    mineEvery(100)
    relayer = startRelayer(relayerArgs)

    // 1. casino → EVM: 300 chips to the player's EVM address
    await send("player", { _tag: "BridgeWithdraw", amount: 300n, destination: fromHex(evmPlayer.slice(2)) })
    await waitUntil("withdrawal 0 requested on the casino chain", async () => (await withdrawal(0)) !== null, 10_000)
    await waitUntil("withdrawal 0 finalized", () => fulfilled(0), 90_000)
    expect(await rngOf(evmPlayer)).toBe(300n * CHIP)
    const t1 = performance.now()

    // 2. EVM → casino: 200 RNG back to the player's key
    const wallet = evm.walletOf(evmPlayer)
    await mined(evm.publicClient, await wallet.writeContract({ address: d.rng, abi: rngTokenAbi, functionName: "approve", args: [d.bridgeLockbox, 300n * CHIP] }))
    await mined(evm.publicClient, await wallet.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "deposit", args: [200n * CHIP, `0x${player.public_key}`] }))
    await waitUntil("deposit 0 credited", async () => (await chipsOf()) === chips0 - 300n + 200n, 30_000)
    const t2 = performance.now()

    // 3. the lockbox now queues withdrawals of 100 RNG or more for 5 s; withdraw 150 with the EVM
    //    chain stalled: the withdraw is sent and queued, and cannot reach 3 confirmations
    await mined(evm.publicClient, await evm.walletOf(deployer).writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "setLimits", args: [0n, 0n, 100n * CHIP, 5n] }))
    stopMining()
    await send("player", { _tag: "BridgeWithdraw", amount: 150n, destination: fromHex(evmPlayer.slice(2)) })
    const source1 = withdrawalSource(1n, fromHex(player.public_key), 150n, fromHex(evmPlayer.slice(2)))
    const processed = () => evm.publicClient.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "processed", args: [source1] })
    await waitUntil("withdraw of withdrawal 1 sent", () => state().withdrawals.some((w) => w.id === "1" && w.evm_tx_hash !== null), 30_000)
    await waitUntil("withdrawal 1 queued on the lockbox", async () => (await processed()) === 2, 30_000)
    await relayer.kill("SIGKILL")
    expect(await rngOf(evmPlayer)).toBe(100n * CHIP)
    expect(await fulfilled(1)).toBe(false)
    // a deposit lands while the relayer is down
    await mined(evm.publicClient, await wallet.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "deposit", args: [50n * CHIP, `0x${player.public_key}`] }))
    const killedAt = performance.now()

    relayer = startRelayer(relayerArgs)
    mineEvery(100)
    // after the restart: the queued withdraw is confirmed, released once its 5 s passed, confirmed, finalized
    await waitUntil("withdrawal 1 finalized after the restart", () => fulfilled(1), 90_000)
    expect(await processed()).toBe(1)
    await waitUntil("deposit 1 credited after the restart", async () => (await chipsOf()) === chips0 - 300n + 200n - 150n + 50n, 30_000)
    await waitUntil("the relayer's pending lists empty", () => state().deposits.length === 0 && state().withdrawals.length === 0, 10_000)
    const t3 = performance.now()

    // 5. a deposit to a key that is not registered yet is retried (never dropped) and credited once it registers
    await mined(evm.publicClient, await wallet.writeContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: "deposit", args: [20n * CHIP, `0x${late.public_key}`] }))
    await waitUntil("the deposit to the unregistered key tried and kept", () => state().deposits.some((x) => x.id === "2" && x.attempts >= 1), 30_000)
    const srv = server
    const r = await submit(srv, [register(late, 0n, "late")])
    expect(r.status).toBe(200)
    await waitUntil("the late player credited", async () => {
      const p = await get(srv, `/player/${late.public_key}`)
      return p.status === 200 && BigInt(String(p.body["chips"])) === chipsLate + 20n
    }, 60_000)
    await waitUntil("the relayer's pending lists empty again", () => state().deposits.length === 0, 10_000)

    // nothing lost, nothing doubled
    expect(await rngOf(evmPlayer)).toBe((300n - 200n + 150n - 50n - 20n) * CHIP)
    expect(await rngOf(d.bridgeLockbox)).toBe(lockbox0 - 300n * CHIP + 200n * CHIP - 150n * CHIP + 50n * CHIP + 20n * CHIP)
    const read = (fn: "totalReleased" | "totalDeposited") => evm.publicClient.readContract({ address: d.bridgeLockbox, abi: bridgeLockboxAbi, functionName: fn })
    expect(await read("totalReleased")).toBe(450n * CHIP)
    expect(await read("totalDeposited")).toBe(270n * CHIP)
    const logs = await evm.publicClient.getLogs({ address: d.bridgeLockbox, fromBlock: 0n, toBlock: "latest" })
    const withdrawn = parseEventLogs({ abi: bridgeLockboxAbi, logs, eventName: "Withdrawn" })
    expect(withdrawn.map((l) => l.args.amount)).toEqual([300n * CHIP, 150n * CHIP])
    const w1 = await withdrawal(1)
    if (typeof w1 !== "object" || w1 === null || !("player" in w1) || typeof w1.player !== "string") throw new Error("no withdrawal 1")
    expect(withdrawn[1]?.args.source).toBe(withdrawalSource(1n, fromHex(w1.player), 150n, fromHex(evmPlayer.slice(2))))
    const bridge = (await get(server, "/bridge")).body["state"]
    expect(bridge).toMatchObject({ total_withdrawn: "450", total_deposited: "270", next_withdrawal_id: "2" })
    const s = state()
    expect(s.credited_deposits).toBe(3)
    expect(s.finalized_withdrawals).toBe(2)
    expect(BigInt(s.withdraw_next_id)).toBe(2n)
    expect(getAddress(withdrawn[0]?.args.to ?? "0x0")).toBe(evmPlayer)
    process.stderr.write(
      `bridge e2e: first withdrawal ${(t1 - t0).toFixed(0)} ms, deposit ${(t2 - t1).toFixed(0)} ms, restart to all settled ${(t3 - killedAt).toFixed(0)} ms, total ${(t3 - t0).toFixed(0)} ms\n`
    )
  }
}
