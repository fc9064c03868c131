/**
 * Partitions between in-process validators, for tests: validator i reaches validator j only
 * through a TCP proxy of its own (i → j), so any set of pairs can be cut (open connections
 * destroyed, new ones refused at once) and healed, with the production transport unchanged.
 * Proxy (i → j) listens on `proxy_base_port + i·n + j`; validator j itself on `base_port + j`.
 */
import * as net from "node:net"

const key = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`)

export class PartitionProxies {
  private readonly servers: net.Server[] = []
  private readonly open = new Map<string, Set<net.Socket>>()
  private readonly cut = new Set<string>()

  constructor(
    readonly n: number,
    readonly base_port: number,
    readonly proxy_base_port: number
  ) {}

  /** what validator i is told: its own listen address, and a proxy for every peer */
  addressesFor(i: number): ReadonlyArray<{ host: string; port: number }> {
    return Array.from({ length: this.n }, (_, j) => ({ host: "127.0.0.1", port: j === i ? this.base_port + j : this.proxy_base_port + i * this.n + j }))
  }

  async listen(): Promise<void> {
    for (let i = 0; i < this.n; i++)
      for (let j = 0; j < this.n; j++) {
        if (i === j) continue
        const pair = key(i, j)
        const server = net.createServer((down) => {
          if (this.cut.has(pair)) return void down.destroy()
          const up = net.connect({ host: "127.0.0.1", port: this.base_port + j })
          const sockets = this.open.get(pair) ?? new Set<net.Socket>()
          this.open.set(pair, sockets)
          for (const s of [down, up]) {
            sockets.add(s)
            s.on("error", () => {})
            s.on("close", () => {
              sockets.delete(s)
              down.destroy()
              up.destroy()
            })
          }
          down.pipe(up)
          up.pipe(down)
        })
        await new Promise<void>((resolve, reject) => {
          server.once("error", reject)
          server.listen(this.proxy_base_port + i * this.n + j, "127.0.0.1", () => resolve())
        })
        this.servers.push(server)
      }
  }

  /** cut every pair of validators in different groups (validators in no group are cut from all) */
  split(groups: ReadonlyArray<ReadonlyArray<number>>): void {
    const group = (v: number) => groups.findIndex((g) => g.includes(v))
    for (let a = 0; a < this.n; a++)
      for (let b = a + 1; b < this.n; b++) {
        if (group(a) !== -1 && group(a) === group(b)) continue
        this.cut.add(key(a, b))
        for (const s of this.open.get(key(a, b)) ?? []) s.destroy()
      }
  }

  heal(): void {
    this.cut.clear()
  }

  async close(): Promise<void> {
    for (const sockets of this.open.values()) for (const s of sockets) s.destroy()
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
  }
}
