/**
 * `startAuthServer`: the auth Layer (AuthServiceLive + AuthHttpLive) in a ManagedRuntime, as a
 * Promise API for the CLI, tests and embedders. `close` ends the scope: listener, jobs, freeroll
 * worker, storage.
 */
import { Effect, Layer, ManagedRuntime } from "effect"
import type { Signer } from "../../engine/tx/sign.ts"
import { LogSink, type LogSinkShape } from "../log.ts"
import type { AuthConfig } from "./config.ts"
import { AuthHttpLive, AuthListening } from "./http.ts"
import { AuthService, AuthServiceLive, type AuthServiceShape } from "./service.ts"

export interface AuthServer {
  readonly url: string
  readonly port: number
  readonly service: AuthServiceShape
  readonly close: () => Promise<void>
}

export const authLayer = (config: AuthConfig, admin: Signer, log: LogSinkShape) => {
  const service = AuthServiceLive(config, admin).pipe(Layer.provide(Layer.succeed(LogSink, log)))
  return Layer.merge(service, AuthHttpLive.pipe(Layer.provide(service)))
}

export const startAuthServer = async (config: AuthConfig, admin: Signer, log: LogSinkShape): Promise<AuthServer> => {
  const runtime = ManagedRuntime.make(authLayer(config, admin, log))
  try {
    const { listening, service } = await runtime.runPromise(Effect.all({ listening: AuthListening, service: AuthService }))
    return { url: listening.url, port: listening.port, service, close: () => runtime.dispose() }
  } catch (e) {
    await runtime.dispose()
    throw e
  }
}
