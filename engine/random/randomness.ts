/**
 * Randomness as a service: every draw in execution comes from streams derived from the seed of
 * the block being executed. Drivers never pass randomness in any other way.
 */
import { Context, Layer } from "effect"
import { deriveStream, type RandomStream } from "./stream.ts"

export interface RandomnessShape {
  /** an independent stream for (domain, id, counter) under the current block's seed */
  readonly stream: (domain: string, id: bigint, counter: number) => RandomStream
}

export class Randomness extends Context.Tag("nullspace/Randomness")<Randomness, RandomnessShape>() {}

export const randomnessFromSeed = (seed: Uint8Array): RandomnessShape => ({
  stream: (domain, id, counter) => deriveStream(seed, domain, id, counter)
})

export const RandomnessFromSeed = (seed: Uint8Array) => Layer.succeed(Randomness, randomnessFromSeed(seed))
