/**
 * Coverage conditions inside fast-check's run. `assertCovering` runs a property like `fc.assert`
 * and, on the last of its `numRuns` generated runs (which include any `examples`), also runs the
 * coverage check ("the generator reached what the property talks about"). A coverage shortfall is
 * therefore a failure of the asserted run itself, reported with fast-check's seed and path, and it
 * cannot be skipped: if the property never reached its last run, the call fails too.
 *
 * Once any run has failed, the coverage check is switched off, so shrinking a genuine
 * counterexample is never confused by a coverage verdict on a shrunk value. A coverage failure is
 * not shrunk (every later call passes at once): the whole run set, not one value, fell short.
 */
import fc from "fast-check"

export interface CoveringParameters<T> {
  readonly numRuns: number
  readonly examples?: ReadonlyArray<T>
  readonly seed?: number
}

export const assertCovering = <T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => void,
  coverage: () => void,
  params: CoveringParameters<T>
): void => {
  if (!Number.isSafeInteger(params.numRuns) || params.numRuns < 1) throw new Error(`numRuns must be a positive integer, got ${params.numRuns}`)
  if ((params.examples?.length ?? 0) > params.numRuns) throw new Error("more examples than runs: the generated runs would never reach the coverage check")
  let runs = 0
  let failed = false
  let covered = false
  let shortfall = false
  const property = fc.property(arb, (value) => {
    runs++
    if (shortfall) return
    const last = runs === params.numRuns && !failed
    try {
      predicate(value)
    } catch (e) {
      failed = true
      throw e
    }
    if (!last) return
    try {
      coverage()
    } catch (e) {
      failed = true
      shortfall = true
      throw e
    }
    covered = true
  })
  const examples = (params.examples ?? []).map((e): [T] => [e])
  fc.assert(property, { numRuns: params.numRuns, examples, ...(params.seed === undefined ? {} : { seed: params.seed }) })
  if (!covered) throw new Error(`coverage was never checked: ${runs} of ${params.numRuns} runs reached the property`)
}

/** `assertCovering` for an asynchronous property (each run may start and stop its own resources) */
export const assertCoveringAsync = async <T>(
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  coverage: () => void,
  params: CoveringParameters<T>
): Promise<void> => {
  if (!Number.isSafeInteger(params.numRuns) || params.numRuns < 1) throw new Error(`numRuns must be a positive integer, got ${params.numRuns}`)
  if ((params.examples?.length ?? 0) > params.numRuns) throw new Error("more examples than runs: the generated runs would never reach the coverage check")
  let runs = 0
  let failed = false
  let covered = false
  let shortfall = false
  const property = fc.asyncProperty(arb, async (value) => {
    runs++
    if (shortfall) return
    const last = runs === params.numRuns && !failed
    try {
      await predicate(value)
    } catch (e) {
      failed = true
      throw e
    }
    if (!last) return
    try {
      coverage()
    } catch (e) {
      failed = true
      shortfall = true
      throw e
    }
    covered = true
  })
  const examples = (params.examples ?? []).map((e): [T] => [e])
  await fc.assert(property, { numRuns: params.numRuns, examples, ...(params.seed === undefined ? {} : { seed: params.seed }) })
  if (!covered) throw new Error(`coverage was never checked: ${runs} of ${params.numRuns} runs reached the property`)
}
