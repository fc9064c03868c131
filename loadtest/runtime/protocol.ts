/**
 * Messages between a VU worker (synchronous k6 calls) and the I/O hub on the runner's main thread
 * (asynchronous Node sockets). A VU posts a request and sleeps on its signal word with
 * Atomics.wait; the hub posts the reply on the VU's port, bumps the word and notifies; the VU takes
 * the reply with receiveMessageOnPort. WebSocket traffic flows back as events on the same port.
 */
import type { Sample } from "./metrics.ts"

export type ResponseType = "text" | "binary" | "none"

export interface HttpRequestSpec {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array | null
  readonly timeout_ms: number
  readonly response_type: ResponseType
}

export interface HttpTimings {
  readonly blocked: number
  readonly connecting: number
  readonly tls_handshaking: number
  readonly sending: number
  readonly waiting: number
  readonly receiving: number
  readonly duration: number
}

export interface HttpResult {
  readonly url: string
  /** 0 when no response arrived */
  readonly status: number
  readonly status_text: string
  readonly proto: string
  readonly headers: Readonly<Record<string, string>>
  readonly body_text: string | null
  readonly body_bytes: Uint8Array | null
  readonly error: string
  readonly error_code: number
  readonly timings: HttpTimings
  readonly bytes_sent: number
  readonly bytes_received: number
}

export type VuRequest =
  | { readonly op: "http"; readonly id: number; readonly requests: ReadonlyArray<HttpRequestSpec> }
  | { readonly op: "ws-open"; readonly id: number; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly timeout_ms: number }
  | { readonly op: "ws-send"; readonly socket_id: number; readonly data: string }
  | { readonly op: "ws-ping"; readonly socket_id: number; readonly ping_id: string }
  | { readonly op: "ws-close"; readonly socket_id: number; readonly code: number }
  | { readonly op: "samples"; readonly samples: ReadonlyArray<Sample> }

export interface WsOpenResult {
  readonly socket_id: number
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly error: string
  readonly connecting_ms: number
}

export type HubReply =
  | { readonly kind: "http"; readonly id: number; readonly results: ReadonlyArray<HttpResult> }
  | { readonly kind: "ws-open"; readonly id: number; readonly result: WsOpenResult }

export type WsEvent =
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "message"; readonly data: string }
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "binaryMessage"; readonly bytes: Uint8Array }
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "pong"; readonly ping_id: string }
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "ping" }
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "error"; readonly message: string }
  | { readonly kind: "ws"; readonly socket_id: number; readonly event: "close"; readonly code: number }

export type HubMessage = HubReply | WsEvent

/** Requests of one batch in flight at once (k6's default `batch` option); larger batches go in chunks. */
export const BATCH_PER_VU_MAX = 20

/** Hosts the hub will talk to: the runner only ever loads services on loopback. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]", "::1"])

/** k6 error codes used by this runtime (k6 docs, "Error codes"). */
export const ERROR_CODES = {
  generic: 1000,
  invalid_url: 1020,
  timeout: 1050,
  blocked_hostname: 1111,
  connection_refused: 1212,
  connection_reset: 1220,
  ws_bad_handshake: 1000
} as const
