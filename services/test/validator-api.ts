/**
 * A consensus network with an API, in the test's own process: keys dealt into temporary data dirs,
 * four validators (services/node/validator) on loopback peer ports, the API on validator 0 on port
 * 0 — the layers `npm run validator -- run --api-port` composes (services/cli/validator.ts).
 * Closing stops the API, then every validator, and removes the dirs. Used by the certified-frame
 * test and the site's browser test.
 */
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { toHex } from "../../engine/codec/bytes.ts"
import { NodeVerifierLive } from "../../engine/tx/verify-node.ts"
import { Listening } from "../api/http-server.ts"
import { ApiMetrics, ApiMetricsLive, type ApiMetricsState } from "../api/metrics.ts"
import { defaultDevServerConfig, type DevServerConfig, ServerConfig } from "../config.ts"
import { LogSink, silentLogSink } from "../log.ts"
import { dealValidatorKeys, readValidatorKey } from "../node/validator/keys.ts"
import { ValidatorNode, type ValidatorOptions } from "../node/validator/validator.ts"
import { ValidatorCertifiedLive, ValidatorDevChainLive, ValidatorLive, ValidatorSessionVerificationsLive } from "../node/validator/validator-layer.ts"
import { ApiLayer } from "../server.ts"
import type { TrustedSet } from "../verify/trusted-set.ts"

const VALIDATORS = 4

export interface ValidatorApi {
  readonly api: string
  /** the dealt set, as a client pins it */
  readonly trusted: TrustedSet
  readonly metrics: ApiMetricsState
  readonly close: () => Promise<void>
}

/** n distinct loopback ports the OS had free a moment ago (validators need their peer ports up front) */
export const freePorts = async (n: number): Promise<number[]> => {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer()
      s.once("error", reject)
      s.listen(0, "127.0.0.1", () => resolve(s))
    }))
  )
  const ports = servers.map((s) => {
    const a = s.address()
    return a !== null && typeof a === "object" ? a.port : 0
  })
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
  return ports
}

export const startValidatorApi = async (options: {
  /** the validators' peer ports (one each), or null for ports the OS hands out */
  readonly peer_ports: ReadonlyArray<number> | null
  readonly leader_ms: number
  /** API settings over the embedded defaults (port 0, loopback, no data dir, no block timer, no request log) */
  readonly config?: Partial<DevServerConfig>
}): Promise<ValidatorApi> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nullspace-validator-api-"))
  const dirs = Array.from({ length: VALIDATORS }, (_, i) => path.join(root, `v${i}`))
  dealValidatorKeys(dirs)
  const keys = readValidatorKey(dirs[0] ?? "")
  const trusted: TrustedSet = { validators: keys.public_keys.map(toHex), quorum: keys.quorum, group_key: toHex(keys.group_key) }
  const ports = options.peer_ports ?? (await freePorts(VALIDATORS))
  if (ports.length !== VALIDATORS) throw new Error(`startValidatorApi needs ${VALIDATORS} peer ports, got ${ports.length}`)
  const addresses = ports.map((port) => ({ host: "127.0.0.1", port }))
  const l = options.leader_ms
  const optionsOf = (i: number): ValidatorOptions => ({
    data_dir: dirs[i] ?? "",
    addresses,
    timeouts: { leader_ms: l, advance_ms: 2 * l, retry_ms: 10 * l, fetch_ms: 2 * l }
  })
  const others = dirs.slice(1).map((_, i) => new ValidatorNode(optionsOf(i + 1)))
  const scope = Effect.runSync(Scope.make())
  const close = async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    for (const n of others) await n.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
  try {
    for (const n of others) await n.start()
    const config: DevServerConfig = { ...defaultDevServerConfig, port: 0, host: "127.0.0.1", data_dir: null, block_interval_ms: 0, log_requests: false, ...options.config }
    const layer = ApiLayer.pipe(
      Layer.provideMerge(Layer.mergeAll(ValidatorDevChainLive, ValidatorCertifiedLive, ValidatorSessionVerificationsLive)),
      Layer.provideMerge(ValidatorLive(optionsOf(0))),
      Layer.provideMerge(Layer.mergeAll(Layer.succeed(ServerConfig, config), Layer.succeed(LogSink, silentLogSink), NodeVerifierLive, ApiMetricsLive))
    )
    const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
    return { api: Context.get(context, Listening).url, trusted, metrics: Context.get(context, ApiMetrics), close }
  } catch (e) {
    await close()
    throw e
  }
}
