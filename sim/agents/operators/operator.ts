/**
 * Operator agents: the admin side of the economy as seeded policies. An operator signs with an
 * admin key (the scenario lists `operatorSigner(name).public_key` in SimulationSpec.admin_keys),
 * acts in one window every day, and turns what it reads from the chain (AgentView.state) into
 * admin instructions, one duty at a time. Operators keep no memory across days beyond what the
 * chain holds, so a digital twin continues them exactly.
 */
import type { RandomStream } from "../../../engine/random/stream.ts"
import type { Instruction } from "../../../engine/tx/instruction.ts"
import { actorSigner, type Signer } from "../../../engine/tx/sign.ts"
import type { Agent, AgentView } from "../agent.ts"

export const operatorSigner = (name: string): Signer => actorSigner(`operator-${name}`)

export interface OperatorDuty {
  /** the operator's next instructions now (empty = nothing to do at this view) */
  readonly next: (view: AgentView, rng: RandomStream, day_state: OperatorDayState) => ReadonlyArray<Instruction>
}

/** what an operator counts within one day (reset at every startDay) */
export interface OperatorDayState {
  intents: number
  /** duties done today, by name (a duty that runs once a day marks itself) */
  readonly done: Set<string>
}

export const operatorAgent = (def: {
  readonly index: number
  readonly name: string
  readonly kind: string
  /** the window it acts in (default 0) */
  readonly window?: number
  readonly intents_per_day_max: number
  readonly duty: OperatorDuty
}): Agent => {
  const signer = operatorSigner(def.name)
  const day_state: OperatorDayState = { intents: 0, done: new Set() }
  return {
    index: def.index,
    name: def.name,
    signer,
    kind: def.kind,
    startDay: (_day, windows) => {
      day_state.intents = 0
      day_state.done.clear()
      return { window: Math.min(def.window ?? 0, windows - 1) }
    },
    next: (view, rng) => {
      if (day_state.intents >= def.intents_per_day_max) return []
      const ixs = def.duty.next(view, rng, day_state).slice(0, def.intents_per_day_max - day_state.intents)
      day_state.intents += ixs.length
      return ixs
    }
  }
}

/** the operator registers as a player first (some duties need a player record: bridge, tournaments) */
export const registered = (name: string, duty: OperatorDuty): OperatorDuty => ({
  next: (view, rng, st) => (view.player === undefined ? [{ _tag: "CasinoRegister", name }] : duty.next(view, rng, st))
})

/** run duties in order; the first with something to do acts */
export const duties = (...list: ReadonlyArray<OperatorDuty>): OperatorDuty => ({
  next: (view, rng, st) => {
    for (const d of list) {
      const ixs = d.next(view, rng, st)
      if (ixs.length > 0) return ixs
    }
    return []
  }
})

/** once a day, from `from_day` on (every `every_days`) */
export const daily = (name: string, from_day: number, every_days: number, f: (view: AgentView, rng: RandomStream) => ReadonlyArray<Instruction>): OperatorDuty => ({
  next: (view, rng, st) => {
    if (st.done.has(name) || view.day < from_day || (view.day - from_day) % Math.max(1, every_days) !== 0) return []
    st.done.add(name)
    return f(view, rng)
  }
})
