/**
 * Screenshot baselines: a PNG compared with its stored baseline pixel by pixel in the browser
 * (decoded into a canvas, so no image library is needed), with a tolerance for antialiasing.
 * `SITE_BASELINES=update` writes the current screenshots as the new baselines.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import type { Page } from "playwright-core"

/** a pixel differs when one channel moves by more than this */
export const CHANNEL_TOLERANCE = 40
/** a screenshot matches when at most this share of its pixels differ */
export const PIXEL_SHARE_TOLERANCE = 0.01

export interface Comparison {
  readonly name: string
  readonly baseline: string
  readonly actual: string
  /** share of differing pixels (1 when the sizes differ or there is no baseline) */
  readonly differing: number
  readonly note: string
}

export const updating = (): boolean => process.env["SITE_BASELINES"] === "update"

/** compare two PNGs in a page (about:blank is enough): the share of pixels that differ */
const pixelShare = async (page: Page, a: Buffer, b: Buffer): Promise<{ readonly share: number; readonly note: string }> =>
  page.evaluate(
    async ({ a64, b64, tol }) => {
      const decode = async (b: string) => {
        const bytes = Uint8Array.from(atob(b), (c) => c.charCodeAt(0))
        const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }))
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
        const ctx = canvas.getContext("2d")
        if (ctx === null) throw new Error("no 2d context")
        ctx.drawImage(bitmap, 0, 0)
        return { w: bitmap.width, h: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data }
      }
      const x = await decode(a64)
      const y = await decode(b64)
      if (x.w !== y.w || x.h !== y.h) return { share: 1, note: `size ${x.w}×${x.h} vs baseline ${y.w}×${y.h}` }
      let differing = 0
      for (let i = 0; i < x.data.length; i += 4) {
        let d = 0
        for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs((x.data[i + c] ?? 0) - (y.data[i + c] ?? 0)))
        if (d > tol) differing++
      }
      return { share: differing / (x.w * x.h), note: `${differing} of ${x.w * x.h} pixels differ` }
    },
    { a64: a.toString("base64"), b64: b.toString("base64"), tol: CHANNEL_TOLERANCE }
  )

/** store `actual` under `outDir`, then compare it with `baselineDir/<name>.png` (or write it there when updating) */
export const compareScreenshot = async (page: Page, name: string, actual: Buffer, baselineDir: string, outDir: string): Promise<Comparison> => {
  const baseline = path.join(baselineDir, `${name}.png`)
  const out = path.join(outDir, `${name}.png`)
  fs.writeFileSync(out, actual)
  if (updating()) {
    fs.mkdirSync(baselineDir, { recursive: true })
    fs.writeFileSync(baseline, actual)
    return { name, baseline, actual: out, differing: 0, note: "baseline written" }
  }
  if (!fs.existsSync(baseline)) return { name, baseline, actual: out, differing: 1, note: "no baseline: run with SITE_BASELINES=update" }
  const r = await pixelShare(page, actual, fs.readFileSync(baseline))
  return { name, baseline, actual: out, differing: r.share, note: r.note }
}
