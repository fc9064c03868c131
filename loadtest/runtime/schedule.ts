/**
 * When a scenario's VUs run (ramping-vus) and when its iterations start (constant- and
 * ramping-arrival-rate), as pure functions of the time since the scenario started.
 *
 * - Stages are k6's `[{ duration, target }]`: the value moves linearly from where the previous
 *   stage ended (the start value first) to `target` over `duration`.
 * - ramping-vus: VU k (0-based) may start an iteration while k < active(t), with active(t) the
 *   stage line rounded toward the stage's starting value (a VU joins when the line reaches it).
 * - arrival rates: the rate r(t) (iterations per time unit) follows the stages; iteration i starts
 *   at the t where the arrivals ∫₀ᵗ r = i, iteration 0 at t = 0 (solved per stage, linear or
 *   quadratic). A start that finds every VU busy is dropped (`dropped_iterations`), as in k6.
 */

export interface Stage {
  readonly duration_ms: number
  readonly target: number
}

/** total duration of the stages */
export const stagesDuration_ms = (stages: ReadonlyArray<Stage>): number => stages.reduce((n, s) => n + s.duration_ms, 0)

/** the stage line at t (ms since start); past the end, the last target */
const lineAt = (start: number, stages: ReadonlyArray<Stage>, t_ms: number): { value: number; from: number } => {
  let from = start
  let t0 = 0
  for (const s of stages) {
    if (t_ms < t0 + s.duration_ms) return { value: from + ((s.target - from) * (t_ms - t0)) / s.duration_ms, from }
    t0 += s.duration_ms
    from = s.target
  }
  return { value: from, from }
}

/** ramping-vus: how many VUs may be running at t */
export const activeVus = (start_vus: number, stages: ReadonlyArray<Stage>, t_ms: number): number => {
  const { value, from } = lineAt(start_vus, stages, Math.max(0, t_ms))
  return value >= from ? Math.floor(value + 1e-9) : Math.ceil(value - 1e-9)
}

/** the largest VU count the stages reach (the VUs a ramping-vus scenario needs) */
export const maxVus = (start_vus: number, stages: ReadonlyArray<Stage>): number => stages.reduce((m, s) => Math.max(m, s.target), start_vus)

/**
 * Arrival rates: the start time (ms since the scenario started) of iteration `i`, or null when it
 * falls at or after the end of the stages. Rates are per `time_unit_ms`.
 */
export const arrivalTime_ms = (i: number, start_rate: number, stages: ReadonlyArray<Stage>, time_unit_ms: number): number | null => {
  if (i === 0) return stages.length > 0 && stagesDuration_ms(stages) > 0 && (start_rate > 0 || (stages[0]?.target ?? 0) > 0) ? 0 : null
  let done = 0 // arrivals before this stage
  let t0 = 0
  let from = start_rate / time_unit_ms // per ms
  for (const s of stages) {
    const to = s.target / time_unit_ms
    const d = s.duration_ms
    const inStage = ((from + to) / 2) * d
    if (done + inStage >= i && inStage > 0) {
      const need = i - done
      const slope = (to - from) / d
      // need = from·x + slope·x²/2, for x in [0, d]
      let x: number
      if (Math.abs(slope) < 1e-15) x = need / from
      else {
        const disc = from * from + 2 * slope * need
        x = (-from + Math.sqrt(Math.max(0, disc))) / slope
      }
      const t = t0 + Math.min(d, Math.max(0, x))
      return t < stagesDuration_ms(stages) ? t : null
    }
    done += inStage
    t0 += d
    from = to
  }
  return null
}
