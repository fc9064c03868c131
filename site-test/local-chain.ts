/**
 * A local consensus network for the browser test, in this process: keys dealt into temporary data
 * dirs, four validators (services/node/validator) on loopback peer ports, the API on validator 0
 * on port 0 allowing the site's origin — the layers `npm run validator -- run --api-port` composes
 * (services/cli/validator.ts). Closing stops the API, then every validator, and removes the dirs.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Context, Effect, Exit, Layer, Scope } from "effect"
import { toHex } from "../engine/codec/bytes.ts"
import { NodeVerifierLive } from "../engine/tx/verify-node.ts"
import { Listening } from "../services/api/http-server.ts"
import { ApiMetricsLive } from "../services/api/metrics.ts"
import { defaultDevServerConfig, ServerConfig } from "../services/config.ts"
import { LogSink, silentLogSink } from "../services/log.ts"
import { dealValidatorKeys, readValidatorKey } from "../services/node/validator/keys.ts"
import { ValidatorNode, type ValidatorOptions } from "../services/node/validator/validator.ts"
import { ValidatorCertifiedLive, ValidatorDevChainLive, ValidatorLive, ValidatorSessionVerificationsLive } from "../services/node/validator/validator-layer.ts"
import { ApiLayer } from "../services/server.ts"

const VALIDATORS = 4

export interface LocalChain {
  readonly api: string
  readonly group_key: string
  readonly close: () => Promise<void>
}

export const startLocalChain = async (options: { readonly base_port: number; readonly allow_origin: string; readonly leader_ms: number }): Promise<LocalChain> => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "nullspace-site-chain-"))
  const dirs = Array.from({ length: VALIDATORS }, (_, i) => path.join(root, `v${i}`))
  dealValidatorKeys(dirs)
  const addresses = dirs.map((_, i) => ({ host: "127.0.0.1", port: options.base_port + i }))
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
    const layer = ApiLayer.pipe(
      Layer.provideMerge(Layer.mergeAll(ValidatorDevChainLive, ValidatorCertifiedLive, ValidatorSessionVerificationsLive)),
      Layer.provideMerge(ValidatorLive(optionsOf(0))),
      Layer.provideMerge(
        Layer.mergeAll(
          Layer.succeed(ServerConfig, { ...defaultDevServerConfig, port: 0, host: "127.0.0.1", allowed_origins: [options.allow_origin], data_dir: null, block_interval_ms: 0, log_requests: false }),
          Layer.succeed(LogSink, silentLogSink),
          NodeVerifierLive,
          ApiMetricsLive
        )
      )
    )
    const context = await Effect.runPromise(Layer.buildWithScope(layer, scope))
    return { api: Context.get(context, Listening).url, group_key: toHex(readValidatorKey(dirs[0] ?? "").group_key), close }
  } catch (e) {
    await close()
    throw e
  }
}
