/** n validators' data dirs and nodes on loopback ports, for in-process validator tests */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { ConsensusTimeouts } from "../../../../engine/consensus/machine.ts"
import { ValidatorNode, type ValidatorOptions } from "../validator.ts"

export interface LoopbackCluster {
  readonly dirs: ReadonlyArray<string>
  /** the nodes opened so far (closed by `close`) */
  readonly nodes: ValidatorNode[]
  /** a node for data dir i (not started, not added to `nodes`) */
  readonly open: (i: number) => ValidatorNode
  readonly close: () => Promise<void>
}

/**
 * `ports`: consecutive ports from a base port, or one port per validator (ephemeral ones from
 * services/test/validator-api.ts `freePorts`); `addressesFor(i)`: the address list validator i is
 * given (default: every validator's own port); `node_options`: options every node is opened with.
 */
export const loopbackCluster = (
  label: string,
  n: number,
  ports: number | ReadonlyArray<number>,
  timeouts: ConsensusTimeouts,
  sync_interval_ms: number,
  addressesFor?: (i: number) => ReadonlyArray<{ host: string; port: number }>,
  node_options: Pick<ValidatorOptions, "finalized_in_memory_max"> = {}
): LoopbackCluster => {
  if (typeof ports !== "number" && ports.length !== n) throw new RangeError(`${n} validators need ${n} ports, got ${ports.length}`)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`))
  const dirs = Array.from({ length: n }, (_, i) => path.join(root, `v${i}`))
  const direct = dirs.map((_, i) => ({ host: "127.0.0.1", port: typeof ports === "number" ? ports + i : (ports[i] ?? 0) }))
  const nodes: ValidatorNode[] = []
  return {
    dirs,
    nodes,
    open: (i) => new ValidatorNode({ data_dir: dirs[i] ?? "", addresses: addressesFor?.(i) ?? direct, timeouts, sync_interval_ms, ...node_options }),
    close: async () => {
      for (const node of nodes) await node.close()
      fs.rmSync(root, { recursive: true, force: true })
    }
  }
}
