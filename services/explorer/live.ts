/**
 * Everything the explorer adds to an indexer, from its settings: the store the settings select
 * (layer.ts), the indexer that fills it from the node's finalized blocks (indexer.ts) and, when a
 * Redis URL and a TTL are set, the response cache (cache.ts). Needs the DevChain, the
 * ServerConfig (data dir) and a LogSink; routes find the services by serviceOption, so an API
 * without them answers 503 ExplorerUnavailable.
 */
import { Effect, Layer } from "effect"
import { ServerConfig } from "../config.ts"
import type { LogSink } from "../log.ts"
import type { DevChain } from "../node/dev-chain.ts"
import { ExplorerRedisCacheLive } from "./cache.ts"
import type { ExplorerDatabaseError, PublicDatabaseHost } from "./errors.ts"
import { ExplorerIndexerLive } from "./indexer.ts"
import { explorerStoreLayer } from "./layer.ts"
import type { ExplorerSettings } from "./settings.ts"

export const explorerLayer = (
  settings: ExplorerSettings | null,
  data_dir: string | null
): Layer.Layer<never, ExplorerDatabaseError | PublicDatabaseHost, DevChain | ServerConfig | LogSink> => {
  if (settings === null) return Layer.empty
  const cache =
    settings.redis_url !== null && settings.cache_ttl_s > 0
      ? ExplorerRedisCacheLive({ url: settings.redis_url, prefix: settings.cache_prefix, ttl_s: settings.cache_ttl_s, value_bytes_max: settings.cache_value_bytes_max })
      : Layer.empty
  // a fresh chain (`--fresh`) starts a fresh embedded explorer: the old one indexed another chain
  const store = Layer.unwrapEffect(Effect.map(ServerConfig, (config) => explorerStoreLayer(settings, data_dir, config.fresh)))
  return ExplorerIndexerLive.pipe(Layer.provideMerge(store), Layer.merge(cache))
}
