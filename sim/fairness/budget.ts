/**
 * The default Monte Carlo budget of a fairness run (kept apart from the harness so the command
 * line can show its help and check its flags without loading the catalogue).
 */
export const DEFAULT_ROUNDS_MAIN = 10_000_000
export const DEFAULT_ROUNDS_SIDE = 100_000
/** super-mode rows run through the session executor, 5–40× slower per round (docs/games/fairness.md) */
export const DEFAULT_ROUNDS_SUPER = 1_000_000
export const DEFAULT_CHUNK_ROUNDS = 50_000
