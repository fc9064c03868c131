/**
 * The development server in one call: dev chain + simulator API (HTTP + WebSocket) on one port.
 * `devServerLayer(config)` is the Effect form (compose it, or run it with a ManagedRuntime);
 * `startDevServer(options)` runs it for callers outside Effect (load runner, simulations, tests)
 * and resolves once the port is listening.
 */
import { Effect, Fiber, Layer, ManagedRuntime, Queue } from "effect"
import { parseAdminKeys } from "../engine/chain/config.ts"
import { SignatureVerifier, type SignatureVerifierShape } from "../engine/tx/verify.ts"
import { NodeVerifierLive } from "../engine/tx/verify-node.ts"
import { HttpServerLive, Listening } from "./api/http-server.ts"
import { ApiMetrics, ApiMetricsLive, type ApiMetricsState } from "./api/metrics.ts"
import { PrometheusMetricsLive } from "./api/prometheus.ts"
import { RateLimitsLive } from "./api/rate-limit.ts"
import { SubmitLive } from "./api/submit.ts"
import { UpdatesHubLive } from "./api/updates.ts"
import { DEFAULT_DATA_DIR, defaultDevServerConfig, ServerConfig, type DevServerConfig } from "./config.ts"
import { UpdateFanoutLive } from "./fanout/layer.ts"
import { MempoolFeedLive } from "./fanout/mempool-feed.ts"
import { ConsoleLogSinkLive, LogSink, type LogSinkShape } from "./log.ts"
import { BlockLogLive } from "./node/block-log.ts"
import { DevChain, DevChainLive, type DevChainShape } from "./node/dev-chain.ts"
import type { FinalizedBlock } from "./node/proposer.ts"
import { NodeVerifyPoolLive } from "./node/pool-verify.ts"
import { explorerLayer } from "./explorer/live.ts"

export { DevChain, DevChainLive } from "./node/dev-chain.ts"
export { BlockLog, BlockLogLive } from "./node/block-log.ts"
export { Listening, HttpServerLive } from "./api/http-server.ts"
export { UpdatesHub, UpdatesHubLive } from "./api/updates.ts"
export { Submit, SubmitLive } from "./api/submit.ts"
export { ServerConfig, defaultDevServerConfig, type DevServerConfig } from "./config.ts"
export { encodeSubmission, decodeSubmission } from "./api/submission.ts"
export type { BlockProposer, FinalizedBlock, Proposal } from "./node/proposer.ts"

/** the dev chain (block log + replay + production loop) */
export const NodeLayer = DevChainLive.pipe(Layer.provide(BlockLogLive))

/** the API over a DevChain: HTTP routes, submit, WebSocket hub (/updates, /mempool), the update fanout, limits, listening server */
export const ApiLayer = HttpServerLive.pipe(
  Layer.provideMerge(PrometheusMetricsLive),
  Layer.provideMerge(UpdatesHubLive),
  Layer.provideMerge(SubmitLive),
  Layer.provideMerge(MempoolFeedLive),
  Layer.provideMerge(UpdateFanoutLive),
  Layer.provideMerge(RateLimitsLive)
)

/** everything, given a config; the log sink and verifier default to stdout and node:crypto */
export const devServerLayer = (
  config: DevServerConfig,
  deps: { readonly log?: Layer.Layer<LogSink>; readonly verifier?: Layer.Layer<SignatureVerifier> } = {}
) =>
  ApiLayer.pipe(
    Layer.provideMerge(explorerLayer(config.explorer, config.data_dir)),
    Layer.provideMerge(NodeLayer),
    Layer.provideMerge(
      Layer.mergeAll(
        Layer.succeed(ServerConfig, config),
        deps.log ?? ConsoleLogSinkLive,
        deps.verifier ?? NodeVerifierLive,
        ApiMetricsLive,
        NodeVerifyPoolLive(config.verify_pool_workers)
      )
    )
  )

export interface StartDevServerOptions {
  readonly port?: number
  readonly host?: string
  /** default `.data/devchain`; null = memory only (nothing persisted) */
  readonly dataDir?: string | null
  readonly fresh?: boolean
  /** default 250; 0 = manual production only (produceNow) */
  readonly blockIntervalMs?: number
  /** hex keys, or a comma/whitespace separated string (as NULLSPACE_ADMIN_KEYS) */
  readonly adminKeys?: ReadonlyArray<string> | string
  readonly seedSecret?: string
  /** one JSON line per request (default false here; `npm run serve` turns it on) */
  readonly logRequests?: boolean
  readonly log?: LogSinkShape
  readonly verifier?: SignatureVerifierShape
  /** any other limit of DevServerConfig */
  readonly config?: Partial<DevServerConfig>
}

export interface DevServer {
  readonly url: string
  /** ws://host:port/updates */
  readonly updatesUrl: string
  readonly host: string
  readonly port: number
  readonly config: DevServerConfig
  readonly devChain: DevChainShape
  readonly metrics: ApiMetricsState
  /** propose and finalize a block now (manual mode) */
  readonly produceNow: () => Promise<FinalizedBlock>
  /** call `listener` for every finalized block from now on; returns the unsubscribe function */
  readonly onBlock: (listener: (fb: FinalizedBlock) => void) => () => void
  /** stop: finish the current block, close sockets and the block log */
  readonly close: () => Promise<void>
}

export const resolveConfig = (options: StartDevServerOptions): DevServerConfig => {
  const admin =
    options.adminKeys === undefined
      ? []
      : typeof options.adminKeys === "string"
        ? parseAdminKeys(options.adminKeys)
        : parseAdminKeys(options.adminKeys.join(","))
  return {
    ...defaultDevServerConfig,
    log_requests: false,
    ...options.config,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    data_dir: options.dataDir === undefined ? (options.config?.data_dir ?? DEFAULT_DATA_DIR) : options.dataDir,
    ...(options.fresh === undefined ? {} : { fresh: options.fresh }),
    ...(options.blockIntervalMs === undefined ? {} : { block_interval_ms: options.blockIntervalMs }),
    ...(options.adminKeys === undefined ? {} : { admin_keys: admin }),
    ...(options.seedSecret === undefined ? {} : { seed_secret: options.seedSecret }),
    ...(options.logRequests === undefined ? {} : { log_requests: options.logRequests })
  }
}

export const startDevServer = async (options: StartDevServerOptions = {}): Promise<DevServer> => {
  const config = resolveConfig(options)
  const layer = devServerLayer(config, {
    ...(options.log === undefined ? {} : { log: Layer.succeed(LogSink, options.log) }),
    ...(options.verifier === undefined ? {} : { verifier: Layer.succeed(SignatureVerifier, options.verifier) })
  })
  const runtime = ManagedRuntime.make(layer)
  let services: { listening: typeof Listening.Service; devChain: DevChainShape; metrics: ApiMetricsState }
  try {
    services = await runtime.runPromise(Effect.all({ listening: Listening, devChain: DevChain, metrics: ApiMetrics }))
  } catch (e) {
    await runtime.dispose()
    throw e
  }
  const { listening, devChain, metrics } = services
  const listeners = new Set<Fiber.RuntimeFiber<unknown, unknown>>()
  let closed: Promise<void> | undefined
  return {
    url: listening.url,
    updatesUrl: `${listening.url.replace(/^http/, "ws")}/updates`,
    host: listening.host,
    port: listening.port,
    config,
    devChain,
    metrics,
    produceNow: () => runtime.runPromise(devChain.produceNow),
    onBlock: (listener) => {
      const fiber = runtime.runFork(
        Effect.scoped(
          Effect.flatMap(devChain.subscribe, (q) =>
            Effect.forever(
              Effect.flatMap(Queue.take(q), (fb) =>
                Effect.flatMap(LogSink, (log) =>
                  Effect.sync(() => {
                    try {
                      listener(fb)
                    } catch (e) {
                      log.write({ level: "error", msg: "onBlock listener threw", height: fb.result.height, error: e instanceof Error ? e.message : String(e) })
                    }
                  })
                )
              )
            )
          )
        )
      )
      listeners.add(fiber)
      return () => {
        listeners.delete(fiber)
        runtime.runFork(Fiber.interrupt(fiber))
      }
    },
    close: () =>
      (closed ??= (async () => {
        for (const f of listeners) await runtime.runPromise(Fiber.interrupt(f))
        listeners.clear()
        await runtime.dispose()
      })())
  }
}
