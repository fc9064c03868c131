/** Reading a kept run's outputs by chain day: what tests of the economy scenarios assert on. */
import { Either } from "effect"
import type { Event } from "../../engine/events.ts"
import type { Scenario } from "../../sim/scenario.ts"
import { simulate, type SimulationResult } from "../../sim/runner/simulate.ts"

export interface Row {
  readonly day: number
  readonly view: bigint
  readonly instruction: string
  readonly status: string
  readonly signer: string
  readonly message: string | null
  readonly events: ReadonlyArray<Event>
}

export const runOf = (scenario: Scenario, overrides: Record<string, string>): SimulationResult => {
  const r = scenario.resolve(overrides)
  if (Either.isLeft(r)) throw new Error(r.left)
  return simulate(r.right.spec)
}

export const rowsOf = (run: SimulationResult): Row[] =>
  run.blocks.flatMap(({ block, result }) =>
    result.outputs.map((o) => ({
      day: Number((block.view * 3n) / 86_400n),
      view: block.view,
      instruction: o.instruction,
      status: o.status,
      signer: o.signer,
      message: o.error?.message ?? null,
      events: o.events
    }))
  )

export const applied = (rows: ReadonlyArray<Row>, instruction: string): Row[] => rows.filter((r) => r.instruction === instruction && r.status === "applied")
