/**
 * The in-process transport: the default for one node (a private bus nothing else hears) and, with
 * `memory://<name>`, a bus shared by every indexer of this process that names it (embedders and
 * tests running two indexers in one process without a broker). Delivery is asynchronous (a
 * microtask), as from a broker, and to every member including the sender (the fanout drops its own
 * frames by origin).
 */
import { randomUUID } from "node:crypto"
import type { FanoutTransport, TransportHandlers } from "./transport.ts"

interface Bus {
  readonly members: Set<TransportHandlers>
}

/** named buses of this process; a bus is forgotten when its last member closes */
const buses = new Map<string, Bus>()
/** members one bus may hold (an explicit bound: a bus is for a handful of in-process indexers) */
export const MEMORY_BUS_MEMBERS_MAX = 64

export const memoryTransport = (name: string | null): FanoutTransport => {
  const bus_name = name ?? `private:${randomUUID()}`
  let bus = buses.get(bus_name)
  if (bus === undefined) buses.set(bus_name, (bus = { members: new Set() }))
  const shared = bus
  let me: TransportHandlers | null = null
  return {
    kind: "memory",
    solitary: name === null,
    channel: bus_name,
    up: () => me !== null,
    maxFrameBytes: () => null,
    send: (text) => {
      for (const m of shared.members) queueMicrotask(() => m.message(text))
      return Promise.resolve()
    },
    start: (handlers) => {
      if (shared.members.size >= MEMORY_BUS_MEMBERS_MAX) throw new RangeError(`memory bus ${bus_name} already has ${MEMORY_BUS_MEMBERS_MAX} members`)
      me = handlers
      shared.members.add(handlers)
      handlers.state(true)
    },
    dropConnection: async () => {
      const h = me
      if (h === null) return
      shared.members.delete(h)
      me = null
      h.state(false)
      await new Promise((r) => setTimeout(r, 10))
      shared.members.add(h)
      me = h
      h.state(true)
    },
    close: async () => {
      if (me !== null) shared.members.delete(me)
      me = null
      if (shared.members.size === 0) buses.delete(bus_name)
    }
  }
}
