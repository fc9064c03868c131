/**
 * The 'k6/ws' module: ws.connect(url, params, fn) dials, runs `fn(socket)` to register handlers,
 * emits 'open' and then runs the socket's event loop, blocking the VU until the socket closes
 * (k6 semantics). A dial failure throws. Handlers: open, message, binaryMessage, ping, pong,
 * error (an object with error()), close (the code). socket.close(code = 1001) sends a close frame
 * and fires 'close' at once; a close from the server fires 'error' first when the code is neither
 * 1000 nor 1001. Metrics: ws_connecting, ws_session_duration, ws_sessions, ws_msgs_sent,
 * ws_msgs_received, ws_ping.
 */
import type { WsEvent } from "./protocol.ts"
import type { VuHost } from "./vu-host.ts"

const CLOSE_GOING_AWAY = 1001
const CONNECT_TIMEOUT_MS = 60_000
/** Bounds of one socket's loop: pending timers and dispatched events. */
export const WS_TIMERS_MAX = 1_000
export const WS_EVENTS_MAX = 10_000_000

interface Timer {
  readonly fn: () => unknown
  due_ms: number
  readonly every_ms: number | null
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

export const makeWsModule = (host: VuHost) => {
  const connect = (url: unknown, paramsOrFn: unknown, maybeFn?: unknown): Record<string, unknown> => {
    host.requireVuContext("Using websockets")
    const fn = typeof paramsOrFn === "function" ? paramsOrFn : maybeFn
    const params = typeof paramsOrFn === "function" ? {} : isRecord(paramsOrFn) ? paramsOrFn : {}
    if (typeof fn !== "function") throw host.realm.makeError("ws.connect needs a function to set up the socket")
    const headers: Record<string, string> = {}
    if (isRecord(params["headers"])) for (const [k, v] of Object.entries(params["headers"])) headers[k] = String(v)
    const tags: Record<string, string> = { ...host.systemTags(), url: String(url) }
    if (isRecord(params["tags"])) for (const [k, v] of Object.entries(params["tags"])) tags[k] = String(v)

    const start_ms = Date.now()
    const opened = host.channel.wsOpen(String(url), headers, CONNECT_TIMEOUT_MS)
    if (opened.error !== "") throw host.realm.makeError(opened.error)
    tags["status"] = String(opened.status)
    const id = opened.socket_id
    const handlers = new Map<string, Array<(...args: unknown[]) => unknown>>()
    const timers: Timer[] = []
    const pings = new Map<string, number>()
    let pingCounter = 0
    let done = false

    const fire = (event: string, ...args: unknown[]): void => {
      for (const h of handlers.get(event) ?? []) h(...args)
    }
    const errorValue = (message: string) => ({ error: () => message, toString: () => message })
    const closeConnection = (code: number): void => {
      if (done) return
      done = true
      host.channel.wsClose(id, code)
      host.channel.discardSocket(id)
      fire("close", code)
    }

    const socket = {
      on(event: unknown, handler: unknown): void {
        if (typeof handler !== "function") return
        const list = handlers.get(String(event)) ?? []
        list.push((...args: unknown[]) => handler(...args))
        handlers.set(String(event), list)
      },
      send(data: unknown): void {
        if (done) return
        host.channel.wsSend(id, String(data))
        host.emit("ws_msgs_sent", 1, tags)
      },
      ping(): void {
        if (done) return
        const pingId = String(pingCounter++)
        pings.set(pingId, Date.now())
        host.channel.wsPing(id, pingId)
      },
      close(code?: unknown): void {
        closeConnection(code === undefined ? CLOSE_GOING_AWAY : Math.trunc(Number(code)))
      },
      // as k6 v0.47–0.49: a timeout or interval that is not > 0 ms throws
      setTimeout(f: unknown, ms: unknown): void {
        const after = Number(ms)
        if (!(after > 0)) throw host.realm.makeError(`setTimeout requires a >0 timeout parameter, received ${after.toFixed(2)}`)
        if (typeof f !== "function" || timers.length >= WS_TIMERS_MAX) return
        timers.push({ fn: () => f(), due_ms: Date.now() + after, every_ms: null })
      },
      setInterval(f: unknown, ms: unknown): void {
        const every = Number(ms)
        if (!(every > 0)) throw host.realm.makeError(`setInterval requires a >0 interval parameter, received ${every.toFixed(2)}`)
        if (typeof f !== "function" || timers.length >= WS_TIMERS_MAX) return
        timers.push({ fn: () => f(), due_ms: Date.now() + every, every_ms: every })
      }
    }

    const dispatch = (e: WsEvent): void => {
      switch (e.event) {
        case "message":
          host.emit("ws_msgs_received", 1, tags)
          fire("message", e.data)
          return
        case "binaryMessage":
          host.emit("ws_msgs_received", 1, tags)
          fire("binaryMessage", host.realm.arrayBufferOf(e.bytes))
          return
        case "ping":
          fire("ping")
          return
        case "pong": {
          const sent = pings.get(e.ping_id)
          if (sent !== undefined) {
            pings.delete(e.ping_id)
            host.emit("ws_ping", Date.now() - sent, tags)
          }
          fire("pong")
          return
        }
        case "error":
          fire("error", errorValue(e.message))
          return
        case "close":
          if (e.code !== 1000 && e.code !== CLOSE_GOING_AWAY) fire("error", errorValue(`websocket: close ${e.code}`))
          closeConnection(e.code)
          return
      }
    }

    const runDueTimers = (): void => {
      const now = Date.now()
      for (const t of [...timers]) {
        if (done) return
        if (t.due_ms > now) continue
        if (t.every_ms === null) timers.splice(timers.indexOf(t), 1)
        else t.due_ms = now + t.every_ms
        t.fn()
      }
    }

    try {
      fn(socket)
      if (!done) fire("open")
      for (let n = 0; !done && n < WS_EVENTS_MAX; n++) {
        const next = timers.reduce((m, t) => Math.min(m, t.due_ms), Number.POSITIVE_INFINITY)
        const event = host.channel.nextWsEvent(id, next)
        if (event === null) runDueTimers()
        else dispatch(event)
      }
      if (!done) closeConnection(CLOSE_GOING_AWAY)
    } catch (e) {
      if (!done) {
        done = true
        host.channel.wsClose(id, CLOSE_GOING_AWAY)
        host.channel.discardSocket(id)
      }
      throw e
    } finally {
      host.emit("ws_sessions", 1, tags)
      host.emit("ws_connecting", opened.connecting_ms, tags)
      host.emit("ws_session_duration", Date.now() - start_ms, tags)
    }
    return { url: String(url), status: opened.status, headers: opened.headers, body: "", error: "" }
  }

  return { connect, default: { connect } }
}
