/**
 * Vitest setup file (vitest.config.ts `setupFiles`): every fast-check property in every test file
 * runs with one fixed, printed seed, so a failure seen once is a failure seen every time.
 *
 * The seed is FC_SEED_DEFAULT unless the environment variable FC_SEED names another 32-bit
 * integer (exploration: `FC_SEED=123 npx vitest run path`). It is printed once per test file on
 * stderr, which the default reporter shows next to the file. A property may still pass `{ seed }`
 * explicitly; fast-check prints the seed and path of any counterexample either way.
 */
import fc from "fast-check"
import { beforeAll } from "vitest"

export const FC_SEED_DEFAULT = 20_261_202

const parseSeed = (raw: string | undefined): number => {
  if (raw === undefined || raw.trim() === "") return FC_SEED_DEFAULT
  const seed = Number(raw)
  if (!Number.isSafeInteger(seed) || seed < -0x8000_0000 || seed > 0xffff_ffff) {
    throw new Error(`FC_SEED must be a 32-bit integer, got ${JSON.stringify(raw)}`)
  }
  return seed | 0
}

const seed = parseSeed(process.env["FC_SEED"])
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed })

beforeAll((suite) => {
  process.stderr.write(`fast-check seed ${seed} (${suite.name}); replay or explore with FC_SEED=<n>\n`)
})
