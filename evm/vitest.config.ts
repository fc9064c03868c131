/** `npm run evm:test`: the EVM workspace's tests (the root config excludes evm/). */
import * as path from "node:path"
import { defineConfig } from "vitest/config"

const root = path.resolve(import.meta.dirname, "..")

export default defineConfig({
  root,
  test: {
    include: ["evm/**/*.test.ts"],
    exclude: ["node_modules/**", "evm/node_modules/**"],
    setupFiles: ["./test/fast-check-seed.ts"],
    globalSetup: ["./evm/test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } }
  }
})
