/**
 * The EVM worker thread (started by client.ts through tsx): builds the EVM world on Hardhat's
 * in-process network, then answers one request at a time on its port, waking the waiting
 * simulation thread through the shared flag after each reply.
 */
import { workerData, type MessagePort } from "node:worker_threads"
import type { EvmReply, EvmRequest } from "./protocol.ts"
import { createEvmWorld, type EvmWorld } from "./world.ts"

interface WorkerInput {
  readonly port: MessagePort
  readonly flag: Int32Array
}

const isInput = (x: unknown): x is WorkerInput =>
  typeof x === "object" && x !== null && "port" in x && "flag" in x && x.flag instanceof Int32Array

const answer = async (world: EvmWorld, r: EvmRequest): Promise<EvmReply> => {
  switch (r.op) {
    case "auction":
      return { ok: true, kind: "auction", value: await world.auction(r.request) }
    case "setLimits":
      await world.setLimits(r.limits)
      return { ok: true, kind: "done" }
    case "setPaused":
      await world.setPaused(r.paused, r.at_s)
      return { ok: true, kind: "done" }
    case "withdraw":
      return { ok: true, kind: "withdraw", value: await world.withdraw(r.to, r.chips, r.source, r.at_s) }
    case "release":
      return { ok: true, kind: "tx", value: await world.release(r.source, r.at_s) }
    case "deposit":
      return { ok: true, kind: "deposit", value: await world.deposit(r.from, r.chips, r.destination, r.at_s) }
    case "bogoClaims":
      return { ok: true, kind: "claims", value: await world.bogoClaims(r.claims) }
    case "feeClaims":
      return { ok: true, kind: "claims", value: await world.feeClaims(r.epoch, r.claims) }
    case "recoveryRepay":
      await world.recoveryRepay(r.recipient, r.amount)
      return { ok: true, kind: "done" }
    case "ledger":
      return { ok: true, kind: "ledger", value: await world.ledger() }
    case "close":
      return { ok: true, kind: "done" }
  }
}

const input: unknown = workerData
if (!isInput(input)) throw new Error("the EVM worker needs { port, flag }")
const { port, flag } = input
const reply = (r: EvmReply) => {
  port.postMessage(r)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
}
const describe = (e: unknown) => (e instanceof Error ? e.message : String(e))
const ready = createEvmWorld()
ready.then(
  () => reply({ ok: true, kind: "done" }),
  (e: unknown) => reply({ ok: false, error: `EVM world: ${describe(e)}` })
)
port.on("message", (m: EvmRequest) => {
  ready
    .then((world) => answer(world, m))
    .then(reply, (e: unknown) => reply({ ok: false, error: describe(e) }))
    .then(() => {
      if (m.op === "close") port.close()
    })
})
