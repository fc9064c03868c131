/**
 * The site in a real browser (Debian's chromium, driven by playwright-core): the site is built
 * from fixed fixture result files and served on loopback; a local consensus network (four
 * validators, the API on validator 0) runs on loopback; then
 *  - screenshots of the dashboards and player pages at 1280 px match the stored baselines;
 *  - every built page renders without a console error or page error, and none is wider than a
 *    390 px phone screen; on the way, the same pages' 390 px screenshots match their baselines;
 *  - a player generates a key in the browser, registers, plays a round of each of the ten games,
 *    sees each settled result and its in-browser verification pass, and uses the faucet; the
 *    secret key never appears in any request.
 * Screenshots of this run: node_modules/.cache/nullspace-site-shots/; baselines: site/test/baselines/.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startValidatorApi, type ValidatorApi } from "../services/test/validator-api.ts"
import { compareScreenshot, PIXEL_SHARE_TOLERANCE, type Comparison } from "./screenshots.ts"
import { sharedSiteBuild, sharedSiteOutDir } from "./site-build.ts"
import { serveStatic, type StaticServer } from "./static-server.ts"

const repoRoot = path.resolve(import.meta.dirname, "..")
const CHROMIUM = "/usr/bin/chromium"
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
/** validator peer ports (this test's range: 31500–31599) */
const PEER_BASE_PORT = 31510
/** one finalized step (a shared 2-core machine under load takes seconds per block) */
const STEP_TIMEOUT_MS = 60_000
/** a whole round: its moves, then its execution certificates for the panel */
const ROUND_TIMEOUT_MS = 150_000
const GAMES = ["baccarat", "blackjack", "casino_war", "craps", "video_poker", "hilo", "roulette", "sic_bo", "three_card", "ultimate_holdem"] as const
const SHOT_PAGES = ["/", "/economy/", "/fairness/", "/compare/", "/experiments/", "/loadtest/", "/runs/", "/play/", "/play/roulette/", "/play/vault/"] as const
const DESKTOP = { name: "desktop", width: 1280, height: 800 } as const
const PHONE = { name: "phone", width: 390, height: 844 } as const
const baselineDir = path.join(repoRoot, "site", "test", "baselines")
const shotsDir = path.join(repoRoot, "node_modules", ".cache", "nullspace-site-shots")

let outDir = ""
let site: StaticServer | null = null
let chain: ValidatorApi | null = null
let browser: Browser | null = null
let context: BrowserContext | null = null

/** every page the build wrote, as URL paths */
const builtPages = (dir: string, prefix = "/"): string[] => {
  const out: string[] = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith("_")) out.push(...builtPages(path.join(dir, e.name), `${prefix}${e.name}/`))
    else if (e.name === "index.html") out.push(prefix)
  }
  return out.sort()
}

const ctx = (): BrowserContext => {
  if (context === null) throw new Error("no browser context")
  return context
}

/** a page whose console errors and page errors are collected */
const watchedPage = async (): Promise<{ page: Page; errors: string[] }> => {
  const page = await ctx().newPage()
  const errors: string[] = []
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`)
  })
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`))
  return { page, errors }
}

beforeAll(async () => {
  outDir = sharedSiteOutDir()
  fs.rmSync(shotsDir, { recursive: true, force: true })
  fs.mkdirSync(shotsDir, { recursive: true })
  site = await serveStatic(outDir)
  const origin = site.origin
  const [started] = await Promise.all([startValidatorApi({ peer_ports: [0, 1, 2, 3].map((i) => PEER_BASE_PORT + i), leader_ms: 600, config: { allowed_origins: [origin] } }), sharedSiteBuild()])
  chain = started
  // launch() gives chromium a fresh temporary --user-data-dir of its own (playwright refuses one in args)
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  context = await browser.newContext()
}, 300_000)

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await chain?.close()
  await site?.close()
}, 60_000)

describe("the site in chromium", () => {
  it("looks like its desktop baselines at 1280 px", async () => {
    if (site === null || chain === null) throw new Error("no site or chain")
    const { page, errors } = await watchedPage()
    await page.goto(`${site.origin}/play/?api=${encodeURIComponent(chain.api)}&group_key=${chain.trusted.group_key}`)
    await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height })
    const results: Comparison[] = []
    for (const p of SHOT_PAGES) {
      await page.goto(`${site.origin}${p}`, { waitUntil: "load" })
      results.push(await shoot(page, p, DESKTOP.name))
    }
    await page.close()
    expect(results.filter((r) => r.differing > PIXEL_SHARE_TOLERANCE).map(describeOff)).toEqual([])
    expect(results).toHaveLength(SHOT_PAGES.length)
    expect(errors).toEqual([])
  }, 200_000)

  it("renders every page without console errors and without sideways scrolling on a phone, and looks like its phone baselines", async () => {
    if (site === null || chain === null) throw new Error("no site or chain")
    const pages = builtPages(outDir)
    expect(pages.length).toBeGreaterThan(30)
    const { page, errors } = await watchedPage()
    await page.setViewportSize({ width: PHONE.width, height: PHONE.height })
    // the first visit stores the API and the network's group key in this browser
    await page.goto(`${site.origin}/play/?api=${encodeURIComponent(chain.api)}&group_key=${chain.trusted.group_key}`)
    const overflowing: string[] = []
    const failed: string[] = []
    const shots: Comparison[] = []
    for (const p of pages) {
      const before = errors.length
      const res = await page.goto(`${site.origin}${p}`, { waitUntil: "load" })
      if (res?.status() !== 200) failed.push(`${p}: HTTP ${res?.status()}`)
      // let the player pages' scripts read the API
      await page.waitForTimeout(p.startsWith("/play/") || p === "/live/" ? 600 : 50)
      if (SHOT_PAGES.some((q) => q === p)) shots.push(await shoot(page, p, PHONE.name))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      if (wide > 1) overflowing.push(`${p}: ${wide} px wider than the screen`)
      for (const e of errors.slice(before)) failed.push(`${p}: ${e}`)
    }
    await expectLive(page)
    await page.close()
    expect(failed).toEqual([])
    expect(overflowing).toEqual([])
    expect(shots.filter((r) => r.differing > PIXEL_SHARE_TOLERANCE).map(describeOff)).toEqual([])
    expect(shots).toHaveLength(SHOT_PAGES.length)
  }, 300_000)

  it("lets three players make keys, play a round of every game between them, see each result verified, and use the faucet", async () => {
    if (site === null || chain === null) throw new Error("no site or chain")
    // three players at once, each in its own browser context (its own localStorage, so its own key); the first, with four sessions done, claims the faucet
    const shares = [GAMES.slice(0, 4), GAMES.slice(4, 7), GAMES.slice(7)]
    const outcomes = await Promise.all(shares.map((games, i) => playerRound(i, games, i === 0)))
    expect(outcomes.flatMap((o) => o.settled).filter((s) => s.verdict !== "verified" || s.payout === null)).toEqual([])
    expect(outcomes.flatMap((o) => o.settled.map((s) => s.game)).sort()).toEqual([...GAMES].sort())
    expect(outcomes.map((o) => o.faucet)).toEqual([true, null, null])
    expect(outcomes.flatMap((o) => o.leaked)).toEqual([])
    expect(outcomes.flatMap((o) => o.errors)).toEqual([])
  }, 420_000)
})

interface PlayerOutcome {
  readonly settled: ReadonlyArray<{ readonly game: string; readonly payout: string | null; readonly verdict: string | null }>
  /** whether the faucet claim was applied (null: not tried) */
  readonly faucet: boolean | null
  readonly leaked: ReadonlyArray<string>
  readonly errors: ReadonlyArray<string>
}

/**
 * One player in its own browser context (its own localStorage, so its own key): generate a key,
 * register, play each game with the reference strategy until it settles and the provably-fair
 * panel has checked it, then claim the faucet (three completed sessions unlock it).
 */
const playerRound = async (n: number, games: ReadonlyArray<string>, claim: boolean): Promise<PlayerOutcome> => {
  if (site === null || chain === null) throw new Error("no site or chain")
  if (browser === null) throw new Error("no browser")
  const context_ = await browser.newContext()
  const page = await context_.newPage()
  const errors: string[] = []
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`player ${n} console: ${m.text()}`)
  })
  page.on("pageerror", (e) => errors.push(`player ${n} pageerror: ${e.message}`))
  const sent: string[] = []
  page.on("request", (r) => sent.push(`${r.url()} ${r.postDataBuffer()?.toString("hex") ?? ""}`))
  try {
    await page.goto(`${site.origin}/play/?api=${encodeURIComponent(chain.api)}&group_key=${chain.trusted.group_key}`)
    await page.click("#key-generate")
    await page.waitForSelector("#key-status:not([data-key='none'])")
    expect(await page.getAttribute("#key-status", "data-key")).toMatch(/^[0-9a-f]{64}$/)
    await page.fill("#register-name", `browser ${n}`)
    await page.click("#register")
    await page.waitForSelector("#wallet[data-registered='yes']", { timeout: STEP_TIMEOUT_MS })
    const settled: Array<{ game: string; payout: string | null; verdict: string | null }> = []
    for (const game of games) {
      await page.goto(`${site.origin}/play/${game}/`)
      await page.click("#play-round")
      await page.waitForSelector("#verify [data-verdict]", { timeout: ROUND_TIMEOUT_MS })
      settled.push({
        game,
        payout: await page.getAttribute("#result [data-payout]", "data-payout"),
        verdict: await page.getAttribute("#verify [data-verdict]", "data-verdict")
      })
      // the panel names every check it ran: signatures, seeds, finalization, events and execution certificates, the replay
      const checks = await page.locator("#verify table.checks tbody tr").allInnerTexts()
      for (const name of ["signature", "seed", "finalization", "events", "execution", "replay"]) expect(checks.some((t) => t.includes(name)), `${game}: ${name} check`).toBe(true)
    }
    let faucet: boolean | null = null
    if (claim) {
      await page.goto(`${site.origin}/play/`)
      await page.waitForSelector("#wallet[data-registered='yes']")
      await page.click("#faucet")
      await page.waitForFunction(() => Array.from(document.querySelectorAll("#log li")).some((li) => /CasinoDeposit: (applied|failed)/.test(li.textContent ?? "")), undefined, { timeout: STEP_TIMEOUT_MS })
      faucet = (await page.locator("#log li.ok", { hasText: "CasinoDeposit: applied" }).count()) === 1
    }
    // the secret stayed in the browser: no request carries it
    const secret = await page.evaluate(() => localStorage.getItem("nullspace.secret"))
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    return { settled, faucet, leaked: sent.filter((s) => secret !== null && s.includes(secret)), errors }
  } finally {
    await context_.close()
  }
}

/** a loaded page's screenshot against its baseline, once fonts are in and the economy views are filled */
const shoot = async (page: Page, p: string, width: string): Promise<Comparison> => {
  await page.evaluate(() => document.fonts.ready)
  await page.waitForFunction(() => Array.from(document.querySelectorAll("[data-view]")).every((e) => e.querySelector("table") !== null), undefined, { timeout: STEP_TIMEOUT_MS })
  const name = `${p === "/" ? "index" : p.replace(/^\/|\/$/g, "").replaceAll("/", "-")}-${width}`
  return compareScreenshot(page, name, await page.screenshot(), baselineDir, shotsDir)
}

const describeOff = (r: Comparison): string => `${r.name}: ${r.note} (see ${path.relative(repoRoot, r.actual)})`

/** the live page reads the chain through the API */
const expectLive = async (page: Page): Promise<void> => {
  if (site === null) return
  await page.goto(`${site.origin}/live/`)
  await page.waitForSelector("#live-status[data-live='yes']", { timeout: 15_000 })
}
