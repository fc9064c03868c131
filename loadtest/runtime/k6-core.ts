/** The 'k6' module: check, group, sleep, fail, with k6's metrics (checks, group_duration). */
import type { VuHost } from "./vu-host.ts"

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

export const makeK6Module = (host: VuHost) => {
  const check = (value: unknown, sets: unknown, tags?: unknown): boolean => {
    host.requireVuContext("Using check()")
    if (!isObject(sets)) throw host.realm.makeError("check() needs an object of named checks")
    const extra: Record<string, string> = {}
    if (isObject(tags)) for (const [k, v] of Object.entries(tags)) extra[k] = String(v)
    let all = true
    for (const [name, test] of Object.entries(sets)) {
      const ok = Boolean(typeof test === "function" ? test(value) : test)
      if (!ok) all = false
      host.emit("checks", ok ? 1 : 0, { ...host.systemTags(), ...extra, check: name })
    }
    return all
  }

  const group = (name: unknown, fn: unknown): unknown => {
    host.requireVuContext("Using group()")
    const label = String(name)
    if (label.includes("::")) throw host.realm.makeError("group and check names may not contain '::'")
    if (typeof fn !== "function") throw host.realm.makeError("group() needs a function")
    const parent = host.group_path
    host.group_path = `${parent}::${label}`
    const t0 = performance.now()
    try {
      return fn()
    } finally {
      host.emit("group_duration", performance.now() - t0, host.systemTags())
      host.group_path = parent
    }
  }

  const sleep = (seconds: unknown): void => {
    host.requireVuContext("Using sleep()")
    const s = Number(seconds)
    if (Number.isFinite(s) && s > 0) host.channel.sleep(s * 1000)
  }

  const fail = (message?: unknown): never => {
    throw host.realm.makeError(message === undefined ? "" : String(message))
  }

  return { check, group, sleep, fail, default: { check, group, sleep, fail } }
}
