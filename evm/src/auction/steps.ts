/**
 * The CCA supply schedule (evm.md §6.4): records `uint24 mps ‖ uint40 blockDelta`, Σ mps × blocks
 * = 10^7 exactly (defect 1 fixed: the last tranche is split in two, m and m + 1 per block, so the
 * sum is exact and tranches never decrease), Σ blocks = duration. Encoded with BigInt (defect 2
 * fixed: the 40-bit field's top byte is no longer a copy of its low byte).
 */
import { type Hex } from "viem"
import { EvmScriptError } from "../errors.ts"

export const MPS = 10_000_000n
const MPS_MAX = (1n << 24n) - 1n
const DELTA_MAX = (1n << 40n) - 1n
/** tranche design: 20% / 30% / 50% of the blocks carrying weights 10 / 30 / 60 */
export const DEFAULT_TRANCHES: ReadonlyArray<{ readonly blocksPercent: bigint; readonly weight: bigint }> = [
  { blocksPercent: 20n, weight: 10n },
  { blocksPercent: 30n, weight: 30n },
  { blocksPercent: 50n, weight: 60n }
]
const TRANCHES_MAX = 64

export interface Step {
  readonly mps: bigint
  readonly blocks: bigint
}

export const buildSteps = (duration: bigint, tranches = DEFAULT_TRANCHES): ReadonlyArray<Step> => {
  if (tranches.length === 0 || tranches.length > TRANCHES_MAX) throw new EvmScriptError("InvalidSchedule", `1..${TRANCHES_MAX} tranches`)
  const weightSum = tranches.reduce((s, t) => s + t.weight, 0n)
  if (weightSum <= 0n) throw new EvmScriptError("InvalidSchedule", "weights must sum above 0")
  const blocks = tranches.map((t, i) => (i === tranches.length - 1 ? 0n : (duration * t.blocksPercent) / 100n))
  const lastBlocks = duration - blocks.reduce((s, b) => s + b, 0n)
  blocks[blocks.length - 1] = lastBlocks
  if (blocks.some((b) => b <= 0n)) throw new EvmScriptError("InvalidSchedule", `duration ${duration} leaves a tranche without blocks`)
  const steps: Step[] = []
  let remaining = MPS
  tranches.forEach((t, i) => {
    const b = blocks[i] ?? 0n
    if (i < tranches.length - 1) {
      const stepTotal = (MPS * t.weight) / weightSum
      const mps = stepTotal / b > 1n ? stepTotal / b : 1n
      steps.push({ mps, blocks: b })
      remaining -= mps * b
      return
    }
    if (remaining < b) throw new EvmScriptError("InvalidSchedule", `the last tranche has ${remaining} mps for ${b} blocks`)
    const m = remaining / b
    const r = remaining - m * b
    steps.push({ mps: m, blocks: b - r })
    if (r > 0n) steps.push({ mps: m + 1n, blocks: r })
  })
  validateSteps(steps, duration)
  return steps
}

export const validateSteps = (steps: ReadonlyArray<Step>, duration: bigint): void => {
  let sum = 0n
  let blocks = 0n
  for (const s of steps) {
    if (s.mps < 1n || s.mps > MPS_MAX) throw new EvmScriptError("InvalidSchedule", `mps ${s.mps} outside 1..2^24-1`)
    if (s.blocks < 1n || s.blocks > DELTA_MAX) throw new EvmScriptError("InvalidSchedule", `blockDelta ${s.blocks} outside 1..2^40-1`)
    sum += s.mps * s.blocks
    blocks += s.blocks
  }
  if (sum !== MPS) throw new EvmScriptError("InvalidSchedule", `Σ mps × blocks = ${sum}, not ${MPS}`)
  if (blocks !== duration) throw new EvmScriptError("InvalidSchedule", `Σ blocks = ${blocks}, not the duration ${duration}`)
}

const hexOf = (v: bigint, bytes: number): string => v.toString(16).padStart(bytes * 2, "0")

export const encodeSteps = (steps: ReadonlyArray<Step>): Hex => `0x${steps.map((s) => hexOf(s.mps, 3) + hexOf(s.blocks, 5)).join("")}`

/** mps of each block offset 0..duration-1 (for the clearing simulation) */
export const mpsAt = (steps: ReadonlyArray<Step>, offset: bigint): bigint => {
  let start = 0n
  for (const s of steps) {
    if (offset < start + s.blocks) return s.mps
    start += s.blocks
  }
  return 0n
}
