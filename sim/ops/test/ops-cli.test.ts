import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect, Layer } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { CATALOG } from "../../../scenarios/index.ts"
import { runScenario } from "../../runner/run-scenario.ts"
import { CodeVersion, duckDbSinkAt } from "../../runner/services.ts"

const ROOT = fileURLToPath(new URL("../../..", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "ns-ops-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ops = (args: ReadonlyArray<string>) => spawnSync("npx", ["tsx", "cli/ops.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 })

describe("ops command line", () => {
  it("scans a run folder's sybils with precision and recall", async () => {
    const { written } = await Effect.runPromise(
      runScenario(CATALOG, "stress", { shock: "sybil-swarm", days: "4", agents: "30", sybils: "15" }).pipe(Effect.provide(Layer.merge(duckDbSinkAt(dir), Layer.succeed(CodeVersion, "test"))))
    )
    const out = join(dir, "scan.json")
    const scan = ops(["sybil-scan", "--run", written.dir, "--output", out])
    expect(scan.status).toBe(0)
    expect(scan.stderr).toMatch(/≥2 flag\(s\): precision 1\.000, recall 1\.000/)
    const doc = JSON.parse(readFileSync(out, "utf8"))
    expect(doc.clusters.some((c: { kind: string }) => c.kind === "device")).toBe(true)
    // a --metadata file that is not JSON: one typed line, exit 1, nothing written
    const bad = join(dir, "bad-metadata.txt")
    writeFileSync(bad, "ip,device\n1.2.3.4,x\n")
    const refused = ops(["sybil-scan", "--run", written.dir, "--metadata", bad, "--output", join(dir, "never.json")])
    expect(refused.status).toBe(1)
    expect(refused.stderr.trim()).toMatch(/^MetadataInvalid: metadata .*bad-metadata\.txt: .*not JSON/)
    expect(refused.stderr.trim().split("\n")).toHaveLength(1)
    expect(existsSync(join(dir, "never.json"))).toBe(false)
  }, 120_000)
})
