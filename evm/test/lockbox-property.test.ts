/**
 * The lockbox's accounting as a seeded property: random sequences of deposits, withdrawals,
 * releases, cancellations, pauses, limit changes and time jumps run against the contract and a
 * small model of it side by side. After every step the contract agrees with the model (what
 * succeeded, every total, each source's state) and its balance is always
 * prefund + deposited − released.
 */
import fc from "fast-check"
import type { Hex } from "viem"
import { describe, expect, it } from "vitest"
import { account, net, sent } from "./chain.ts"
import { deployLockbox, deployRng } from "./deployers.ts"

const owner = account(0)
const user = account(1)
const CHIP = 10n ** 18n
const DAY = 86_400n
const PREFUND = 1_000n * CHIP
const src = (i: number): Hex => `0x${(i + 1).toString(16).padStart(64, "0")}`
const player: Hex = `0x${"cd".repeat(32)}`

type Op =
  | { readonly kind: "deposit"; readonly chips: bigint; readonly fraction: boolean }
  | { readonly kind: "withdraw"; readonly chips: bigint; readonly source: number }
  | { readonly kind: "release"; readonly source: number }
  | { readonly kind: "cancel"; readonly source: number }
  | { readonly kind: "advance"; readonly seconds: bigint }
  | { readonly kind: "pause"; readonly paused: boolean }
  | { readonly kind: "limits"; readonly perTx: bigint; readonly daily: bigint; readonly threshold: bigint; readonly delay: bigint }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), chips: fc.bigInt({ min: 0n, max: 300n }), fraction: fc.boolean() }),
  fc.record({ kind: fc.constant("withdraw" as const), chips: fc.bigInt({ min: 0n, max: 400n }), source: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant("release" as const), source: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant("cancel" as const), source: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant("advance" as const), seconds: fc.constantFrom(1n, 599n, 3_600n, DAY) }),
  fc.record({ kind: fc.constant("pause" as const), paused: fc.boolean() }),
  fc.record({
    kind: fc.constant("limits" as const),
    perTx: fc.constantFrom(0n, 200n * CHIP),
    daily: fc.constantFrom(0n, 500n * CHIP),
    threshold: fc.constantFrom(0n, 100n * CHIP),
    delay: fc.constantFrom(0n, 600n)
  })
)

interface Model {
  t: bigint
  paused: boolean
  perTx: bigint
  daily: bigint
  threshold: bigint
  delay: bigint
  windowStart: bigint
  windowWithdrawn: bigint
  deposited: bigint
  released: bigint
  queuedTotal: bigint
  processed: Map<number, number>
  queued: Map<number, { amount: bigint; releaseAt: bigint }>
  nextDepositId: bigint
}

/** the model's step: whether it succeeds, and the state after it */
const step = (m: Model, o: Op, balance: bigint): boolean => {
  switch (o.kind) {
    case "deposit": {
      const amount = o.chips * CHIP + (o.fraction ? 1n : 0n)
      if (m.paused || amount === 0n || amount % CHIP !== 0n) return false
      m.deposited += amount
      m.nextDepositId++
      return true
    }
    case "withdraw": {
      const amount = o.chips * CHIP
      if (m.paused || amount === 0n || (m.processed.get(o.source) ?? 0) !== 0) return false
      if (m.perTx !== 0n && amount > m.perTx) return false
      const reset = m.t >= m.windowStart + DAY
      const windowWithdrawn = reset ? 0n : m.windowWithdrawn
      if (m.daily !== 0n && windowWithdrawn + amount > m.daily) return false
      const queue = m.delay > 0n && amount >= m.threshold
      if (!queue && amount > balance) return false
      if (reset) m.windowStart = m.t
      m.windowWithdrawn = windowWithdrawn + amount
      if (queue) {
        m.processed.set(o.source, 2)
        m.queued.set(o.source, { amount, releaseAt: m.t + m.delay })
        m.queuedTotal += amount
      } else {
        m.processed.set(o.source, 1)
        m.released += amount
      }
      return true
    }
    case "release": {
      const q = m.queued.get(o.source)
      if (m.paused || q === undefined || m.t < q.releaseAt || q.amount > balance) return false
      m.processed.set(o.source, 1)
      m.queued.delete(o.source)
      m.queuedTotal -= q.amount
      m.released += q.amount
      return true
    }
    case "cancel": {
      const q = m.queued.get(o.source)
      if (q === undefined) return false
      m.processed.set(o.source, 3)
      m.queued.delete(o.source)
      m.queuedTotal -= q.amount
      return true
    }
    case "pause":
      m.paused = o.paused
      return true
    case "limits":
      m.perTx = o.perTx
      m.daily = o.daily
      m.threshold = o.threshold
      m.delay = o.delay
      return true
    case "advance":
      return true
  }
}

describe("BridgeLockbox accounting (property, seeded)", () => {
  it("contract and model agree after every step; balance = prefund + deposited − released", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const snap = await net.snapshot()
        try {
          const rng = await deployRng(10n ** 30n)
          await sent(rng.as(owner).write.mint([user, 10_000n * CHIP]))
          await sent(rng.as(owner).write.mint([owner, PREFUND]))
          const box = await deployLockbox(rng.address)
          await sent(rng.as(owner).write.transfer([box.address, PREFUND]))
          await sent(rng.as(user).write.approve([box.address, 10_000n * CHIP]))
          const start = (await net.publicClient.getBlock()).timestamp
          const m: Model = {
            t: start,
            paused: false,
            perTx: 0n,
            daily: 0n,
            threshold: 0n,
            delay: 0n,
            windowStart: 0n,
            windowWithdrawn: 0n,
            deposited: 0n,
            released: 0n,
            queuedTotal: 0n,
            processed: new Map(),
            queued: new Map(),
            nextDepositId: 0n
          }
          const gas = { gas: 500_000n }
          for (const o of ops) {
            if (o.kind === "advance") {
              m.t += o.seconds
              continue
            }
            m.t += 1n
            await net.setNextTimestamp(m.t)
            const balance = PREFUND + m.deposited - m.released
            const expected = step(m, o, balance)
            const send = () => {
              switch (o.kind) {
                case "deposit":
                  return box.as(user).write.deposit([o.chips * CHIP + (o.fraction ? 1n : 0n), player], gas)
                case "withdraw":
                  return box.as(owner).write.withdraw([user, o.chips * CHIP, src(o.source)], gas)
                case "release":
                  return box.as(user).write.release([src(o.source)], gas)
                case "cancel":
                  return box.as(owner).write.cancel([src(o.source)], gas)
                case "pause":
                  return box.as(owner).write.setPaused([o.paused], gas)
                case "limits":
                  return box.as(owner).write.setLimits([o.perTx, o.daily, o.threshold, o.delay], gas)
              }
            }
            let ok: boolean
            try {
              const r = await net.publicClient.waitForTransactionReceipt({ hash: await send() })
              ok = r.status === "success"
            } catch {
              ok = false
            }
            expect(ok, `${o.kind} ${JSON.stringify(o, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`).toBe(expected)
            const read = box.as(owner).read
            const onChainBalance = await rng.as(owner).read.balanceOf([box.address])
            expect(onChainBalance).toBe(PREFUND + m.deposited - m.released)
            expect(await read.totalDeposited()).toBe(m.deposited)
            expect(await read.totalReleased()).toBe(m.released)
            expect(await read.totalQueued()).toBe(m.queuedTotal)
            expect(onChainBalance >= 0n).toBe(true)
            expect(await read.nextDepositId()).toBe(m.nextDepositId)
            for (let i = 0; i < 6; i++) expect(await read.processed([src(i)])).toBe(m.processed.get(i) ?? 0)
            expect(await rng.as(owner).read.balanceOf([user])).toBe(10_000n * CHIP - m.deposited + m.released)
          }
        } finally {
          await net.revert(snap)
        }
      }),
      { numRuns: 25 }
    )
  })
})
