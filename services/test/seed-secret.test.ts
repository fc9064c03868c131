import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { devSeed } from "../../engine/chain/dev-seed.ts"
import { isLoopbackHost } from "../loopback.ts"
import { SEED_SECRET_FILE, seedSecretFor } from "../node/seed-secret.ts"
import { removeTempDirs, startTestServer, tempDir } from "./helpers.ts"

afterAll(removeTempDirs)

describe("the dev chain's seed secret (no public default)", () => {
  it("a data dir draws its own secret (0600) on first start and keeps it across restarts", async () => {
    const a = tempDir("seed-a")
    const b = tempDir("seed-b")
    const first = await startTestServer({ dataDir: a })
    const view1 = (await first.produceNow()).block
    await first.close()
    const file = path.join(a, SEED_SECRET_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const secret = fs.readFileSync(file, "utf8").trim()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(view1.seed).toBe(devSeed(secret, view1.view))
    const again = await startTestServer({ dataDir: a })
    const view2 = (await again.produceNow()).block
    await again.close()
    expect(view2.seed).toBe(devSeed(secret, view2.view))
    expect(seedSecretFor(b)).not.toBe(secret)
  })

  it("memory mode draws a fresh secret per process: knowing the source predicts nothing", async () => {
    const x = await startTestServer()
    const y = await startTestServer()
    try {
      const bx = (await x.produceNow()).block
      const by = (await y.produceNow()).block
      expect(bx.view).toBe(by.view)
      expect(bx.seed).not.toBe(by.seed)
      // the old public default no longer produces the served seeds
      expect(bx.seed).not.toBe(devSeed("nullspace-dev-seed-insecure", bx.view))
      const cfg = await fetch(`${x.url}/config`).then((r) => r.text())
      expect(cfg).not.toMatch(/[0-9a-f]{64}/)
    } finally {
      await x.close()
      await y.close()
    }
  })

  it("refuses a damaged secret file instead of drawing a new one over it", () => {
    const d = tempDir("seed-bad")
    fs.writeFileSync(path.join(d, SEED_SECRET_FILE), "short\n")
    expect(() => seedSecretFor(d)).toThrow(/32-byte hex/)
  })

  it("tells loopback binds from exposed ones", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(h), h).toBe(true)
    for (const h of ["0.0.0.0", "::", "10.0.0.1", "example.com", "128.0.0.1"]) expect(isLoopbackHost(h), h).toBe(false)
  })
})
