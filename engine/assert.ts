/**
 * Assertions (TigerStyle): pre- and postconditions the engine checks on every run. A failed
 * assertion is a bug in the engine or its driver, never a user's doing, so it throws
 * AssertionFailed — a FatalExecutionError — and `Chain.applyBlock` rolls the whole block back.
 * Keep asserted conditions cheap: they run in production, not only in tests.
 */
import { FatalExecutionError } from "./errors.ts"

/** A violated engine invariant; applyBlock turns it into a rolled-back block. */
export class AssertionFailed extends FatalExecutionError {}

/** throw AssertionFailed(`message`) unless `condition` holds */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionFailed({ message: `assertion failed: ${message}` })
}

/**
 * throw AssertionFailed(`message`): for a check written `if (!ok) fail(\`… ${value} …\`)`, whose
 * message formats values (bigints, numbers) and so is built only when the check fails; `assert`
 * evaluates its message on every call
 */
export const fail = (message: string): never => {
  throw new AssertionFailed({ message: `assertion failed: ${message}` })
}

/** the value, asserted present (instead of a silent `?? default` or a `!`) */
export const present = <A>(value: A | undefined, what: string): A => {
  if (value === undefined) throw new AssertionFailed({ message: `assertion failed: ${what} must exist` })
  return value
}
