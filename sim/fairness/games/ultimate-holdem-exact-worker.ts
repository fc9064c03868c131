/**
 * Worker thread of the exact Ultimate Hold'em enumeration: workerData { part, parts } selects every
 * parts-th canonical board; posts back that share's UthExactTotals.
 */
import { parentPort, workerData } from "node:worker_threads"
import { canonicalBoards, enumerateBoards } from "./ultimate-holdem-exact.ts"

const isTask = (x: unknown): x is { part: number; parts: number } =>
  typeof x === "object" && x !== null && "part" in x && "parts" in x && typeof x.part === "number" && typeof x.parts === "number"

if (!isTask(workerData) || parentPort === null) throw new Error("ultimate-holdem-exact-worker needs workerData { part, parts }")
const { part, parts } = workerData
parentPort.postMessage(enumerateBoards(canonicalBoards().filter((_, i) => i % parts === part)))
