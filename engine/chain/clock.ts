/** The chain clock: execution has no wall clock, only the block's view (chain-and-services.md §1.5). */
import type { ChainClock } from "../execute/context.ts"
import { divUp } from "../math.ts"
import { SECONDS_PER_DAY, SECONDS_PER_VIEW } from "./constants.ts"

export const clockAt = (view: bigint): ChainClock => {
  const now_s = view * SECONDS_PER_VIEW
  return { view, now_s, day: now_s / SECONDS_PER_DAY }
}

/** The first view whose chain time is at or after `seconds`. */
export const viewAtSeconds = (seconds: bigint): bigint => divUp(seconds, SECONDS_PER_VIEW)
