/**
 * The peer transport over loopback TCP (node:net). Each validator listens on its port and dials
 * every other validator; it sends only on the connection it dialed and receives on the ones it
 * accepted, so each ordered pair has one ordered stream.
 * - Frames: u32 big-endian length (≤ PEER_FRAME_BYTES_MAX, else the connection is closed), then a
 *   PeerMessage (peer-message.ts). An undecodable frame closes the connection.
 * - Handshake: both sides send Challenge(own index, 32 fresh random bytes); each answers with
 *   Auth(own index, ed25519 signature over NS_PEER ‖ the other's nonce). A claimed index outside
 *   the set, our own index, a changed index or a bad signature closes the connection. Nothing but
 *   the handshake is read or sent before both directions are proven.
 * - Outbound: one bounded queue per peer (`queue_frames_max`; when full the oldest frame is
 *   dropped and counted: consensus retransmits); reconnect with backoff doubling from
 *   `backoff_ms_min` to `backoff_ms_max`.
 */
import { randomBytes } from "node:crypto"
import * as net from "node:net"
import { DecodeFailure } from "../../../engine/codec/bytes.ts"
import { namespaced } from "../../../engine/crypto/bls-threshold.ts"
import { signBytes } from "../../../engine/tx/sign.ts"
import { nodeVerifier } from "../../../engine/tx/verify-node.ts"
import { decodePeerMessage, encodePeerMessage, NS_PEER, PEER_FRAME_BYTES_MAX, type PeerMessage } from "./peer-message.ts"

export interface TransportConfig {
  readonly index: number
  readonly ed25519_secret: Uint8Array
  readonly public_keys: ReadonlyArray<Uint8Array>
  /** host:port of every validator, by index */
  readonly addresses: ReadonlyArray<{ readonly host: string; readonly port: number }>
  readonly queue_frames_max: number
  readonly backoff_ms_min: number
  readonly backoff_ms_max: number
}

export interface TransportStats {
  dropped_frames: number
  refused_connections: number
  connects: number
}

interface Peer {
  readonly index: number
  socket: net.Socket | null
  ready: boolean
  queue: Uint8Array[]
  backoff_ms: number
  timer: NodeJS.Timeout | null
}

const frame = (m: PeerMessage): Uint8Array => {
  const body = encodePeerMessage(m)
  const out = new Uint8Array(4 + body.length)
  new DataView(out.buffer).setUint32(0, body.length)
  out.set(body, 4)
  return out
}

/** split a byte stream into frames; null on an oversized length */
class FrameReader {
  private buf = new Uint8Array(0)
  push(chunk: Uint8Array): Uint8Array[] | null {
    const joined = new Uint8Array(this.buf.length + chunk.length)
    joined.set(this.buf)
    joined.set(chunk, this.buf.length)
    const out: Uint8Array[] = []
    let at = 0
    for (let i = 0; i < 100_000 && joined.length - at >= 4; i++) {
      const len = new DataView(joined.buffer, joined.byteOffset + at, 4).getUint32(0)
      if (len > PEER_FRAME_BYTES_MAX) return null
      if (joined.length - at - 4 < len) break
      out.push(joined.slice(at + 4, at + 4 + len))
      at += 4 + len
    }
    this.buf = joined.slice(at)
    return out
  }
}

const authPayload = (nonce: Uint8Array): Uint8Array => namespaced(NS_PEER, nonce)

/**
 * Runs the handshake on a socket; calls `onReady(index)` once the peer proved its key, then
 * `onMessage` for every later frame. Returns nothing; closes the socket on any violation.
 */
const handshake = (
  cfg: TransportConfig,
  socket: net.Socket,
  expected: number | null,
  onReady: (index: number) => void,
  onMessage: (index: number, m: PeerMessage) => void,
  onRefused: () => void
): void => {
  const nonce = new Uint8Array(randomBytes(32))
  let claimed: number | null = null
  let proven = false
  let answered = false
  const reader = new FrameReader()
  const refuse = () => {
    onRefused()
    socket.destroy()
  }
  socket.write(frame({ _tag: "Challenge", index: cfg.index, nonce }))
  socket.on("data", (chunk: Buffer) => {
    const frames = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    if (frames === null) return refuse()
    for (const f of frames) {
      const m = decodePeerMessage(f)
      if (m instanceof DecodeFailure) return refuse()
      if (proven && answered && claimed !== null) {
        onMessage(claimed, m)
        continue
      }
      if (m._tag === "Challenge") {
        if (answered || m.index === cfg.index || m.index >= cfg.public_keys.length || (expected !== null && m.index !== expected)) return refuse()
        claimed = m.index
        answered = true
        socket.write(frame({ _tag: "Auth", index: cfg.index, signature: signBytes(cfg.ed25519_secret, authPayload(m.nonce)) }))
      } else if (m._tag === "Auth") {
        const key = claimed === null ? undefined : cfg.public_keys[claimed]
        if (proven || key === undefined || m.index !== claimed || !nodeVerifier.verify(key, authPayload(nonce), m.signature)) return refuse()
        proven = true
      } else return refuse()
      if (proven && answered && claimed !== null) onReady(claimed)
    }
  })
}

export class Transport {
  readonly stats: TransportStats = { dropped_frames: 0, refused_connections: 0, connects: 0 }
  private readonly peers: Peer[]
  private server: net.Server | null = null
  private readonly inbound = new Set<net.Socket>()
  private closed = false

  constructor(
    private readonly cfg: TransportConfig,
    private readonly onMessage: (from: number, m: PeerMessage) => void
  ) {
    this.peers = cfg.public_keys.map((_, index) => ({ index, socket: null, ready: false, queue: [], backoff_ms: cfg.backoff_ms_min, timer: null }))
  }

  listen(): Promise<void> {
    const self = this.cfg.addresses[this.cfg.index]
    if (self === undefined) return Promise.reject(new Error("no address for this validator"))
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => {
        if (this.closed) return void socket.destroy()
        this.inbound.add(socket)
        socket.on("close", () => this.inbound.delete(socket))
        socket.on("error", () => socket.destroy())
        handshake(this.cfg, socket, null, () => {}, this.onMessage, () => this.stats.refused_connections++)
      })
      server.once("error", reject)
      server.listen(self.port, self.host, () => {
        this.server = server
        resolve()
      })
    })
  }

  start(): void {
    for (const p of this.peers) if (p.index !== this.cfg.index) this.dial(p)
  }

  private dial(p: Peer): void {
    if (this.closed) return
    const addr = this.cfg.addresses[p.index]
    if (addr === undefined) return
    const socket = net.connect(addr.port, addr.host)
    p.socket = socket
    socket.setNoDelay(true)
    socket.on("error", () => socket.destroy())
    socket.on("close", () => {
      if (p.socket !== socket) return
      p.socket = null
      p.ready = false
      if (this.closed) return
      p.timer = setTimeout(() => {
        p.timer = null
        this.dial(p)
      }, p.backoff_ms)
      p.backoff_ms = Math.min(this.cfg.backoff_ms_max, p.backoff_ms * 2)
    })
    handshake(
      this.cfg,
      socket,
      p.index,
      () => {
        p.ready = true
        p.backoff_ms = this.cfg.backoff_ms_min
        this.stats.connects++
        this.flush(p)
      },
      // the dialed side only sends handshake frames on this connection
      () => {},
      () => this.stats.refused_connections++
    )
  }

  private flush(p: Peer): void {
    const s = p.socket
    if (s === null || !p.ready) return
    const q = p.queue
    p.queue = []
    for (const f of q) s.write(f)
  }

  send(to: number, m: PeerMessage): void {
    const p = this.peers[to]
    if (p === undefined || to === this.cfg.index || this.closed) return
    const f = frame(m)
    if (p.ready && p.socket !== null && p.queue.length === 0 && p.socket.writableLength < PEER_FRAME_BYTES_MAX * 4) {
      p.socket.write(f)
      return
    }
    p.queue.push(f)
    if (p.queue.length > this.cfg.queue_frames_max) {
      p.queue.shift()
      this.stats.dropped_frames++
    }
    this.flush(p)
  }

  broadcast(m: PeerMessage): void {
    for (const p of this.peers) if (p.index !== this.cfg.index) this.send(p.index, m)
  }

  /** cut every connection (a partition in tests); reconnects follow the backoff */
  disconnectAll(): void {
    for (const p of this.peers) p.socket?.destroy()
    for (const s of this.inbound) s.destroy()
  }

  close(): Promise<void> {
    this.closed = true
    for (const p of this.peers) {
      if (p.timer !== null) clearTimeout(p.timer)
      p.socket?.destroy()
    }
    for (const s of this.inbound) s.destroy()
    return new Promise((resolve) => (this.server === null ? resolve() : this.server.close(() => resolve())))
  }
}
