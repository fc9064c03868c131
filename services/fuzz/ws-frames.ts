/**
 * Seeded raw WebSocket frames for the fuzzer, written on a bare TCP socket after a real upgrade of
 * /updates or /mempool: reserved opcodes and RSV bits, declared lengths beyond the message bound
 * (up to 2^63), fragmented or oversized control frames, unmasked client frames, continuation
 * frames with no start, bad UTF-8 text, bad close payloads, data messages (the feeds take none:
 * subscription filters as JSON, some huge), ping floods, and well-formed pings that must be
 * answered. Each case names the close codes the server may answer with; the connection must end
 * with one of them (a close frame from the server), never a silent drop, a hang or another code.
 */
import * as net from "node:net"
import { randomBytes } from "node:crypto"
import { FuzzRandom } from "./requests.ts"

export interface WsFrameCase {
  readonly kind: string
  readonly path: string
  /** the bytes written after the 101 */
  readonly bytes: Buffer
  /** the close codes the server may end the connection with; empty: it must answer a ping with a pong and stay open */
  readonly expect: ReadonlyArray<number>
}

export interface WsFrameOutcome {
  /** "closed <code>", "pong", "refused <status>", "dropped", "timeout" or "error" */
  readonly label: string
  readonly close_code: number | null
  readonly detail: string
}

const OP_CONT = 0x0
const OP_TEXT = 0x1
const OP_BINARY = 0x2
const OP_CLOSE = 0x8
const OP_PING = 0x9
const OP_PONG = 0xa
const RESERVED_OPCODES = [0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]
const OUTCOME_TIMEOUT_MS = 5_000
/** server bytes kept while looking for its close frame */
const READ_BYTES_MAX = 1 << 20
/** pings in one flood (more than the server's window allows) */
export const PING_FLOOD_FRAMES = 200
const GOOD_ACCOUNT = "ab".repeat(32)

interface FrameSpec {
  readonly fin?: boolean
  readonly rsv?: number
  readonly opcode: number
  readonly payload: Buffer
  /** unmasked when false (a client must mask) */
  readonly masked?: boolean
  /** a length to declare instead of the payload's (the payload is still what is sent) */
  readonly declared_length?: bigint
}

/** one client frame, byte for byte as RFC 6455 §5.2 lays it out (or deliberately not) */
export const encodeFrame = (f: FrameSpec): Buffer => {
  const length = f.declared_length ?? BigInt(f.payload.length)
  const masked = f.masked ?? true
  const head = [((f.fin ?? true) ? 0x80 : 0) | (((f.rsv ?? 0) & 0x7) << 4) | (f.opcode & 0xf)]
  const maskBit = masked ? 0x80 : 0
  let ext: Buffer
  if (length < 126n) {
    head.push(maskBit | Number(length))
    ext = Buffer.alloc(0)
  } else if (length < 65_536n) {
    head.push(maskBit | 126)
    ext = Buffer.alloc(2)
    ext.writeUInt16BE(Number(length))
  } else {
    head.push(maskBit | 127)
    ext = Buffer.alloc(8)
    ext.writeBigUInt64BE(length)
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ext, f.payload])
  const key = randomBytes(4)
  const body = Buffer.alloc(f.payload.length)
  for (let i = 0; i < f.payload.length; i++) body[i] = (f.payload[i] ?? 0) ^ (key[i & 3] ?? 0)
  return Buffer.concat([Buffer.from(head), ext, key, body])
}

const closePayload = (code: number, reason = ""): Buffer => {
  const b = Buffer.alloc(2 + Buffer.byteLength(reason))
  b.writeUInt16BE(code)
  b.write(reason, 2)
  return b
}

const BAD_UTF8 = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xe2, 0x82]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80]), Buffer.from([0xc0, 0xaf])]

/**
 * the generator: `message_bytes_max` is the server's `ws_max_message_bytes` (the bound oversized
 * cases cross)
 */
export const wsFrameGenerator = (seed: number, message_bytes_max: number): ((index: number) => WsFrameCase) => {
  const r = new FuzzRandom(seed)
  const bytes = (n: number) => {
    const b = Buffer.alloc(n)
    for (let i = 0; i < n; i++) b[i] = r.int(256)
    return b
  }
  return () => {
    const bad_filter = r.int(8) === 0
    const path = bad_filter ? r.pick(["/updates?account=zz", "/updates?session=-1"]) : r.pick(["/updates", "/mempool", `/updates?account=${GOOD_ACCOUNT}`, `/updates?session=${r.int(1_000)}`])
    // on a malformed filter the server closes 4400 at once; the frames then race that close
    const at = (kind: string, frames: ReadonlyArray<Buffer>, expect: ReadonlyArray<number>): WsFrameCase => ({
      kind: `ws frames: ${kind}`,
      path,
      bytes: Buffer.concat(frames),
      expect: bad_filter ? [4400, ...expect] : expect
    })
    switch (r.int(12)) {
      case 0:
        return at("reserved opcode", [encodeFrame({ opcode: r.pick(RESERVED_OPCODES), payload: bytes(r.int(64)) })], [1002])
      case 1:
        return at("RSV bits without an extension", [encodeFrame({ opcode: r.pick([OP_TEXT, OP_BINARY, OP_PING]), rsv: 1 + r.int(7), payload: Buffer.from("x") })], [1002])
      case 2: {
        // a length beyond the bound (or beyond 2^53) is refused from the header alone
        const declared = r.pick([BigInt(message_bytes_max + 1), BigInt(message_bytes_max) * 16n, 1n << 53n, (1n << 63n) - 1n, 1n << 63n])
        return at("oversized declared length", [encodeFrame({ opcode: r.pick([OP_TEXT, OP_BINARY, OP_CONT]), payload: bytes(r.int(32)), declared_length: declared })], [1002, 1009])
      }
      case 3: {
        // fragments that each fit but together cross the message bound
        const piece = Math.ceil(message_bytes_max / 3) + 1
        const frames = [encodeFrame({ opcode: OP_BINARY, fin: false, payload: bytes(piece) })]
        for (let i = 0; i < 3; i++) frames.push(encodeFrame({ opcode: OP_CONT, fin: i === 2, payload: bytes(piece) }))
        return at("fragmented message over the bound", frames, [1009])
      }
      case 4:
        return at("fragmented control frame", [encodeFrame({ opcode: r.pick([OP_PING, OP_PONG, OP_CLOSE]), fin: false, payload: Buffer.from("a") })], [1002])
      case 5:
        return at("control frame over 125 bytes", [encodeFrame({ opcode: r.pick([OP_PING, OP_PONG, OP_CLOSE]), payload: bytes(126 + r.int(200)) })], [1002])
      case 6:
        return at("unmasked client frame", [encodeFrame({ opcode: r.pick([OP_TEXT, OP_BINARY, OP_PING]), masked: false, payload: Buffer.from("hello") })], [1002])
      case 7: {
        const bad = r.pick(BAD_UTF8)
        // bad UTF-8 in one text frame, split over fragments, or in a close reason
        const which = r.int(3)
        const frames =
          which === 0
            ? [encodeFrame({ opcode: OP_TEXT, payload: Buffer.concat([Buffer.from("{\"a\":\""), bad, Buffer.from("\"}")]) })]
            : which === 1
              ? [encodeFrame({ opcode: OP_TEXT, fin: false, payload: Buffer.concat([Buffer.from("ok"), bad]) }), encodeFrame({ opcode: OP_CONT, payload: Buffer.from("!") })]
              : [encodeFrame({ opcode: OP_CLOSE, payload: Buffer.concat([closePayload(1000), bad]) })]
        return at("bad UTF-8", frames, [1007])
      }
      case 8: {
        const which = r.int(3)
        const frames =
          which === 0
            ? [encodeFrame({ opcode: OP_CONT, payload: Buffer.from("orphan") })]
            : which === 1
              ? [encodeFrame({ opcode: OP_TEXT, fin: false, payload: Buffer.from("a") }), encodeFrame({ opcode: OP_TEXT, payload: Buffer.from("b") })]
              : [encodeFrame({ opcode: OP_CLOSE, payload: r.pick([Buffer.from([0x03]), closePayload(r.pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000]))]) })]
        return at("continuation, interleaving or close payload out of place", frames, [1002])
      }
      case 9: {
        // a subscription as a message: the feeds take their filter in the URL only
        const size = r.pick([16, 1_024, message_bytes_max - 64, message_bytes_max * 2])
        const filter = JSON.stringify({ subscribe: { account: "ab".repeat(Math.max(1, Math.floor(size / 2))) } })
        const payload = Buffer.from(filter)
        return at("subscription filter as a message", [encodeFrame({ opcode: r.pick([OP_TEXT, OP_BINARY]), payload })], payload.length > message_bytes_max ? [1009] : [1003])
      }
      case 10: {
        const frames: Buffer[] = []
        for (let i = 0; i < PING_FLOOD_FRAMES; i++) frames.push(encodeFrame({ opcode: OP_PING, payload: bytes(r.int(126)) }))
        return at("ping flood", frames, [1008])
      }
      default:
        return at("well-formed ping", [encodeFrame({ opcode: OP_PING, payload: Buffer.from(`p${r.int(1_000_000)}`) })], [])
    }
  }
}

/** server frames (never masked) found in `buf`: opcode and payload, and how many bytes they took */
const parseServerFrames = (buf: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; used: number } => {
  const frames: Array<{ opcode: number; payload: Buffer }> = []
  let at = 0
  for (let n = 0; n < 10_000 && buf.length - at >= 2; n++) {
    const b0 = buf[at] ?? 0
    const b1 = buf[at + 1] ?? 0
    let len = b1 & 0x7f
    let off = at + 2
    if (len === 126) {
      if (buf.length < off + 2) break
      len = buf.readUInt16BE(off)
      off += 2
    } else if (len === 127) {
      if (buf.length < off + 8) break
      len = Number(buf.readBigUInt64BE(off))
      off += 8
    }
    if (buf.length < off + len) break
    frames.push({ opcode: b0 & 0x0f, payload: buf.subarray(off, off + len) })
    at = off + len
  }
  return { frames, used: at }
}

/** upgrade on a bare socket, write the case's bytes, and read until the server's close frame (or pong) */
export const sendWsFrames = (port: number, origin: string, c: WsFrameCase): Promise<WsFrameOutcome> =>
  new Promise((resolve) => {
    let settled = false
    let upgraded = false
    let buf = Buffer.alloc(0)
    const socket = net.connect({ host: "127.0.0.1", port })
    const done = (o: WsFrameOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(o)
    }
    const timer = setTimeout(() => done({ label: "timeout", close_code: null, detail: `no outcome within ${OUTCOME_TIMEOUT_MS} ms` }), OUTCOME_TIMEOUT_MS)
    socket.on("connect", () => {
      const key = randomBytes(16).toString("base64")
      socket.write(
        `GET ${c.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\n\r\n`
      )
    })
    socket.on("data", (chunk: Buffer) => {
      if (buf.length + chunk.length > READ_BYTES_MAX) return done({ label: "error", close_code: null, detail: "the server sent more than 1 MiB without closing" })
      buf = Buffer.concat([buf, chunk])
      if (!upgraded) {
        const end = buf.indexOf("\r\n\r\n")
        if (end < 0) return
        const head = buf.subarray(0, end).toString("latin1")
        const status = Number(head.split(" ")[1] ?? "0")
        if (status !== 101) return done({ label: `refused ${status}`, close_code: null, detail: head.slice(0, 300) })
        upgraded = true
        buf = buf.subarray(end + 4)
        socket.write(c.bytes)
      }
      const { frames, used } = parseServerFrames(buf)
      buf = buf.subarray(used)
      for (const f of frames) {
        if (f.opcode === OP_CLOSE) {
          const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005
          return done({ label: `closed ${code}`, close_code: code, detail: f.payload.subarray(2).toString("utf8").slice(0, 200) })
        }
        if (f.opcode === OP_PONG && c.expect.length === 0) return done({ label: "pong", close_code: null, detail: "" })
      }
    })
    socket.on("close", () => done({ label: upgraded ? "dropped" : "error", close_code: null, detail: upgraded ? "the socket ended without a close frame" : "closed before the upgrade" }))
    socket.on("error", (e) => done({ label: "error", close_code: null, detail: e.message }))
  })

/** a failure's reason, or null when the outcome is one the case allows */
export const judgeWsFrames = (c: WsFrameCase, o: WsFrameOutcome): string | null => {
  if (c.expect.length === 0) return o.label === "pong" ? null : `a well-formed ping got ${o.label} (${o.detail.slice(0, 80)})`
  if (o.close_code === null) return `${o.label}: ${o.detail.slice(0, 120)}`
  return c.expect.includes(o.close_code) ? null : `closed ${o.close_code}, expected ${c.expect.join(" or ")} (${o.detail.slice(0, 80)})`
}
