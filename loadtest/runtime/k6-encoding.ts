/**
 * The 'k6/encoding' module: b64encode(input, encoding?) and b64decode(input, encoding?, format?).
 * Encodings: "std" (default, padded), "rawstd" (unpadded), "url", "rawurl". b64decode returns an
 * ArrayBuffer (of the script's realm), or a string when format is "s", as k6 does. Malformed
 * input throws, as in k6.
 */
import type { VuHost } from "./vu-host.ts"

type B64 = "std" | "rawstd" | "url" | "rawurl"
const ENCODINGS: ReadonlyArray<B64> = ["std", "rawstd", "url", "rawurl"]

const STD = /^[A-Za-z0-9+/]*={0,2}$/
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/

export const makeEncodingModule = (host: VuHost) => {
  const encodingOf = (raw: unknown): B64 => {
    const e = raw === undefined || raw === "" ? "std" : String(raw)
    const hit = ENCODINGS.find((x) => x === e)
    if (hit === undefined) throw host.realm.makeError(`unknown base64 encoding '${e}' (std, rawstd, url, rawurl)`)
    return hit
  }
  const bytesOf = (input: unknown): Buffer => {
    if (typeof input === "string") return Buffer.from(input, "utf8")
    if (input instanceof ArrayBuffer || Object.prototype.toString.call(input) === "[object ArrayBuffer]") {
      const view = new Uint8Array(input instanceof ArrayBuffer ? input : new Uint8Array(0))
      return Buffer.from(view)
    }
    throw host.realm.makeError("b64encode needs a string or an ArrayBuffer")
  }
  const b64encode = (input: unknown, encoding?: unknown): string => {
    const e = encodingOf(encoding)
    const s = bytesOf(input).toString(e === "url" || e === "rawurl" ? "base64url" : "base64")
    const unpadded = s.replace(/=+$/, "")
    return e === "rawstd" || e === "rawurl" ? unpadded : e === "url" ? unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4) : s
  }
  const b64decode = (input: unknown, encoding?: unknown, format?: unknown): unknown => {
    const e = encodingOf(encoding)
    const text = String(input)
    const url = e === "url" || e === "rawurl"
    const padded = e === "std" || e === "url"
    if (!(url ? URL_SAFE : STD).test(text) || (padded && text.length % 4 !== 0) || (!padded && (text.includes("=") || text.length % 4 === 1)))
      throw host.realm.makeError(`illegal base64 data (${e})`)
    const bytes = Buffer.from(text, url ? "base64url" : "base64")
    if (format === "s") return bytes.toString("utf8")
    return host.realm.arrayBufferOf(new Uint8Array(bytes))
  }
  return { b64encode, b64decode, default: { b64encode, b64decode } }
}
