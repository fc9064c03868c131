/**
 * Loading a k6 script (compiled to CommonJS by compile.ts) in a VU: it is evaluated in a fresh V8 context whose globals are only
 * what k6 provides — console, __ENV, __VU, __ITER, open() and the ECMAScript built-ins. No
 * TextEncoder, no timers, no fetch, no process: a script that runs here needs nothing k6 lacks.
 * Imports resolve to this runtime's 'k6', 'k6/data', 'k6/encoding', 'k6/execution', 'k6/http',
 * 'k6/metrics' and 'k6/ws'; anything else fails, as a script for real k6 may import nothing else.
 */
import { readFileSync } from "node:fs"
import { isAbsolute, resolve } from "node:path"
import vm from "node:vm"
import { makeK6Module } from "./k6-core.ts"
import { makeDataModule } from "./k6-data.ts"
import { makeEncodingModule } from "./k6-encoding.ts"
import { makeExecutionModule } from "./k6-execution.ts"
import { makeHttpModule } from "./k6-http.ts"
import { makeMetricsModule } from "./k6-metrics.ts"
import { makeWsModule } from "./k6-ws.ts"
import type { Realm, VuHost } from "./vu-host.ts"

export const SUPPORTED_MODULES = ["k6", "k6/data", "k6/encoding", "k6/execution", "k6/http", "k6/metrics", "k6/ws"] as const

export interface LoadedScript {
  readonly exports: Record<string, unknown>
  /** set __ITER (and __VU) before each call, as k6 does */
  readonly setIteration: (iter: number) => void
}

/** A fresh context and its realm helpers (created before the host, which needs the realm). */
export const newScriptContext = (): { context: vm.Context; realm: Realm } => {
  const context = vm.createContext({})
  const parse: (text: string) => unknown = vm.runInContext("JSON.parse", context)
  const ErrorCtor: ErrorConstructor = vm.runInContext("Error", context)
  const Uint8ArrayCtor: Uint8ArrayConstructor = vm.runInContext("Uint8Array", context)
  const realm: Realm = {
    jsonParse: (text) => parse(text),
    makeError: (message) => new ErrorCtor(message),
    arrayBufferOf: (bytes) => {
      const out = new Uint8ArrayCtor(bytes.length)
      out.set(bytes)
      return out.buffer
    }
  }
  return { context, realm }
}

const consoleFor = (host: VuHost) => {
  const line = (level: string, args: unknown[]) =>
    process.stderr.write(
      `${level}[vu=${host.vu}] ${args.map((a) => (typeof a === "string" ? a : (() => { try { return JSON.stringify(a) } catch { return String(a) } })())).join(" ")} source=console\n`
    )
  return {
    log: (...a: unknown[]) => line("INFO", a),
    info: (...a: unknown[]) => line("INFO", a),
    debug: (...a: unknown[]) => line("DEBU", a),
    warn: (...a: unknown[]) => line("WARN", a),
    error: (...a: unknown[]) => line("ERRO", a)
  }
}

export const loadScript = (
  code: string,
  filename: string,
  context: vm.Context,
  host: VuHost,
  env: Readonly<Record<string, string>>
): LoadedScript => {
  const modules: Record<string, unknown> = {
    k6: makeK6Module(host),
    "k6/data": makeDataModule(host),
    "k6/encoding": makeEncodingModule(host),
    "k6/execution": makeExecutionModule(host),
    "k6/http": makeHttpModule(host),
    "k6/metrics": makeMetricsModule(host),
    "k6/ws": makeWsModule(host)
  }
  const scriptDir = resolve(filename, "..")
  const globals: vm.Context = context
  globals["__VU"] = host.vu
  globals["__ITER"] = 0
  globals["__ENV"] = vm.runInContext("(e) => JSON.parse(e)", context)(JSON.stringify(env))
  globals["console"] = consoleFor(host)
  globals["open"] = (path: unknown, mode?: unknown) => {
    if (host.phase !== "init") throw host.realm.makeError("The \"open()\" function is only available in the init stage")
    const p = String(path)
    const full = isAbsolute(p) ? p : resolve(scriptDir, p)
    const bytes = readFileSync(full)
    return mode === "b" ? host.realm.arrayBufferOf(new Uint8Array(bytes)) : bytes.toString("utf8")
  }
  const require = (name: unknown) => {
    const m = modules[String(name)]
    if (m === undefined) throw host.realm.makeError(`unknown module '${String(name)}': this runtime provides ${SUPPORTED_MODULES.join(", ")} (scripts take nothing else: sign ahead of time into a corpus)`)
    return m
  }
  const wrapper: (req: typeof require, module: { exports: Record<string, unknown> }, exports: Record<string, unknown>) => void =
    vm.runInContext(`(function (require, module, exports) {${code}\n})`, context, { filename })
  const exportsObject: Record<string, unknown> = {}
  const module = { exports: exportsObject }
  wrapper(require, module, module.exports)
  return {
    exports: module.exports,
    setIteration: (iter) => {
      globals["__ITER"] = iter
    }
  }
}
