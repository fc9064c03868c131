/**
 * The 'k6/data' module: SharedArray(name, fn). k6 calls fn once per test and hands every VU the
 * same read-only array; here every VU is its own worker, so fn runs once per VU in the init stage
 * and the result is deep-frozen (writes fail as they do in k6). Only arrays are accepted.
 */
import type { VuHost } from "./vu-host.ts"

const deepFreeze = (value: unknown, depth_max: number): void => {
  if (depth_max <= 0 || typeof value !== "object" || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const v of Object.values(value)) deepFreeze(v, depth_max - 1)
}

/** nesting a corpus needs is small; deeper values stay writable rather than recurse unbounded */
const FREEZE_DEPTH_MAX = 16

export const makeDataModule = (host: VuHost) => {
  function SharedArray(name: unknown, fn: unknown): unknown {
    if (host.phase !== "init") throw host.realm.makeError("new SharedArray must be called in the init context")
    if (typeof name !== "string" || name === "") throw host.realm.makeError("SharedArray needs a non-empty name")
    if (typeof fn !== "function") throw host.realm.makeError("SharedArray needs a function returning an array")
    const out: unknown = fn()
    if (!Array.isArray(out)) throw host.realm.makeError("only arrays can be made into SharedArray")
    deepFreeze(out, FREEZE_DEPTH_MAX)
    return out
  }
  return { SharedArray, default: { SharedArray } }
}
