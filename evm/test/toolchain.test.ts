/** The toolchain: the compiler is the solc npm package named in hardhat.config.cjs, and evm/abi/ is what the contracts compile to. */
import * as fs from "node:fs"
import * as path from "node:path"
import { createRequire } from "node:module"
import { describe, expect, it } from "vitest"
import { generatedAbiFiles } from "../src/build.ts"
import { ABI_DIR, HARDHAT_CONFIG } from "../src/paths.ts"

const require = createRequire(import.meta.url)

describe("toolchain", () => {
  it("hardhat.config.cjs names the solc npm package's exact build (no download)", () => {
    const solc: unknown = require("solc")
    const version = typeof solc === "object" && solc !== null && "version" in solc && typeof solc.version === "function" ? String(solc.version()) : ""
    const config = fs.readFileSync(HARDHAT_CONFIG, "utf8")
    const long = /SOLC_LONG_VERSION = "([^"]+)"/.exec(config)?.[1]
    expect(version.startsWith(long ?? "missing")).toBe(true)
    expect(config).toContain('require.resolve("solc/soljson.js")')
    expect(config).toContain("isSolcJs: true")
  })

  it("evm/abi/ matches the compiled artifacts (npm run evm:build)", () => {
    for (const [name, text] of generatedAbiFiles()) expect(fs.readFileSync(path.join(ABI_DIR, name), "utf8"), name).toBe(text)
  })
})
