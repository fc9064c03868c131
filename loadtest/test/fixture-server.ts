/**
 * A tiny HTTP + WebSocket server on a free loopback port for the runtime's tests:
 *   GET  /json            -> 200 {"ok":true,"items":[1,2,3]}
 *   GET  /status/:code    -> that status, text body "status <code>"
 *   POST /echo            -> 200 {"bytes":n,"hex":"...","content_type":"..."}
 *   GET  /slow?ms=N       -> 200 after N ms
 *   WS   /ws              -> sends "hello" on connect; echoes text; "close:<code>" closes with that code;
 *                           "burst:<n>" sends n numbered messages
 * It counts requests so tests can compare what the server saw with what the runtime measured.
 */
import http from "node:http"
import type { AddressInfo } from "node:net"
import { WebSocketServer } from "ws"

export interface FixtureServer {
  readonly base_url: string
  readonly ws_url: string
  readonly requests: () => number
  readonly close: () => Promise<void>
}

export const startFixtureServer = async (): Promise<FixtureServer> => {
  let count = 0
  const server = http.createServer((req, res) => {
    count++
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const send = (status: number, body: string, type = "application/json") => {
        res.writeHead(status, { "content-type": type })
        res.end(body)
      }
      if (req.method === "GET" && url.pathname === "/json") return send(200, JSON.stringify({ ok: true, items: [1, 2, 3] }))
      const status = /^\/status\/(\d{3})$/.exec(url.pathname)
      if (status !== null) return send(Number(status[1]), `status ${status[1]}`, "text/plain")
      if (req.method === "POST" && url.pathname === "/echo") {
        const body = Buffer.concat(chunks)
        return send(200, JSON.stringify({ bytes: body.length, hex: body.toString("hex"), content_type: req.headers["content-type"] ?? "" }))
      }
      if (url.pathname === "/slow") {
        const ms = Number(url.searchParams.get("ms") ?? "0")
        setTimeout(() => send(200, "{}"), ms)
        return
      }
      send(404, JSON.stringify({ error: "not found" }))
    })
  })
  const wss = new WebSocketServer({ server, path: "/ws" })
  wss.on("connection", (ws) => {
    ws.send("hello")
    ws.on("message", (data) => {
      const text = data.toString()
      const close = /^close:(\d+)$/.exec(text)
      const burst = /^burst:(\d+)$/.exec(text)
      if (close !== null) ws.close(Number(close[1]))
      else if (burst !== null) for (let i = 0; i < Number(burst[1]); i++) ws.send(`m${i}`)
      else ws.send(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address: AddressInfo | string | null = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    base_url: `http://127.0.0.1:${port}`,
    ws_url: `ws://127.0.0.1:${port}/ws`,
    requests: () => count,
    close: async () => {
      for (const c of wss.clients) c.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
