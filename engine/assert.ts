/**
 * Programmer-error assertions (TigerStyle): a broken invariant, a violated precondition or an
 * exceeded internal limit that correct code can never reach. They throw AssertionFailure, which
 * the executor treats like any other throw (a fatal execution error, never a silent fallback).
 * Rejections of bad input are tagged errors (errors.ts), not assertions.
 */
export class AssertionFailure extends Error {
  override readonly name = "AssertionFailure"
}

export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message)
}

/** the value, which must exist (a total lookup on state that the caller's invariant guarantees) */
export const present = <A>(value: A | undefined, what: string): A => {
  if (value === undefined) throw new AssertionFailure(`missing ${what}`)
  return value
}
