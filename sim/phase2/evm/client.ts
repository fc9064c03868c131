/**
 * The EVM world as the simulation calls it: synchronously (agents are plain functions). The
 * world lives in a worker thread (worker.ts) with its own Hardhat in-process network; a call posts
 * the request on a MessageChannel, blocks on a shared flag (Atomics.wait, bounded by
 * `call_timeout_ms`) and takes the reply off the port with receiveMessageOnPort. One call at a
 * time; each client is a fresh network (a second run starts from the same deployment).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads"
import type { Address, Hex } from "viem"
import { isReply, type AuctionOutcome, type AuctionRequest, type BridgeLimits, type ClaimOutcome, type ClaimRequest, type DepositOutcome, type EvmLedger, type EvmReply, type EvmRequest, type WithdrawOutcome } from "./protocol.ts"

const WORKER_URL = new URL("./worker.ts", import.meta.url).href

export interface EvmClientOptions {
  /** a bound on one call (the first waits for Hardhat to load and the contracts to deploy) */
  readonly call_timeout_ms: number
}

export const DEFAULT_EVM_CLIENT: EvmClientOptions = { call_timeout_ms: 120_000 }

export class EvmClient {
  private closed = false
  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly options: EvmClientOptions
  ) {}

  /** start the worker and wait until the contracts are deployed */
  static start(options: EvmClientOptions = DEFAULT_EVM_CLIENT): EvmClient {
    const { port1, port2 } = new MessageChannel()
    const flag = new Int32Array(new SharedArrayBuffer(4))
    const worker = new Worker(`import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(WORKER_URL)}, ${JSON.stringify(import.meta.url)}))`, {
      eval: true,
      workerData: { port: port2, flag },
      transferList: [port2]
    })
    worker.unref()
    port1.unref()
    const client = new EvmClient(worker, port1, flag, options)
    client.expect(client.wait(), "done")
    return client
  }

  private wait(): EvmReply {
    const r = Atomics.wait(this.flag, 0, 0, this.options.call_timeout_ms)
    if (r === "timed-out") throw new Error(`the EVM worker did not answer within ${this.options.call_timeout_ms} ms`)
    Atomics.store(this.flag, 0, 0)
    const got = receiveMessageOnPort(this.port)
    const message: unknown = got?.message
    if (!isReply(message)) throw new Error("the EVM worker sent no reply")
    return message
  }

  private call(request: EvmRequest): EvmReply {
    if (this.closed) throw new Error("the EVM client is closed")
    Atomics.store(this.flag, 0, 0)
    this.port.postMessage(request)
    return this.wait()
  }

  private expect<K extends Extract<EvmReply, { ok: true }>["kind"]>(reply: EvmReply, kind: K): Extract<EvmReply, { kind: K }> {
    if (!reply.ok) throw new Error(`EVM: ${reply.error}`)
    if (!isKind(reply, kind)) throw new Error(`EVM: expected a ${kind} reply, got ${reply.kind}`)
    return reply
  }

  auction(request: AuctionRequest): AuctionOutcome {
    return this.expect(this.call({ op: "auction", request }), "auction").value
  }
  setLimits(limits: BridgeLimits): void {
    this.expect(this.call({ op: "setLimits", limits }), "done")
  }
  setPaused(paused: boolean, at_s: bigint): void {
    this.expect(this.call({ op: "setPaused", paused, at_s }), "done")
  }
  withdraw(to: Address, chips: bigint, source: Hex, at_s: bigint): WithdrawOutcome {
    return this.expect(this.call({ op: "withdraw", to, chips, source, at_s }), "withdraw").value
  }
  release(source: Hex, at_s: bigint): Hex {
    return this.expect(this.call({ op: "release", source, at_s }), "tx").value
  }
  deposit(from: Address, chips: bigint, destination: Hex, at_s: bigint): DepositOutcome {
    return this.expect(this.call({ op: "deposit", from, chips, destination, at_s }), "deposit").value
  }
  bogoClaims(claims: ReadonlyArray<ClaimRequest>): ReadonlyArray<ClaimOutcome> {
    return this.expect(this.call({ op: "bogoClaims", claims }), "claims").value
  }
  feeClaims(epoch: bigint, claims: ReadonlyArray<ClaimRequest>): ReadonlyArray<ClaimOutcome> {
    return this.expect(this.call({ op: "feeClaims", epoch, claims }), "claims").value
  }
  recoveryRepay(recipient: Address, amount: bigint): void {
    this.expect(this.call({ op: "recoveryRepay", recipient, amount }), "done")
  }
  ledger(): EvmLedger {
    return this.expect(this.call({ op: "ledger" }), "ledger").value
  }

  /** stop the worker (its network goes with it) */
  close(): void {
    if (this.closed) return
    this.closed = true
    void this.worker.terminate()
  }
}

const isKind = <K extends string>(r: Extract<EvmReply, { ok: true }>, kind: K): r is Extract<EvmReply, { kind: K }> => r.kind === kind
