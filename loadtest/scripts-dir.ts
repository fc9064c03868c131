/** Where the k6 scripts and their default corpora live, and which corpus kind each script plays. */
import { readdirSync } from "node:fs"
import { basename, join, resolve } from "node:path"
import type { CorpusKind } from "./corpus.ts"

export const SCRIPTS_DIR = resolve(import.meta.dirname, "scripts")
/** generated corpora (git-ignored); a script's default CORPUS is ../corpus/<script>.json */
export const CORPUS_DIR = resolve(import.meta.dirname, "corpus")

export const defaultCorpusPath = (name: string): string => join(CORPUS_DIR, `${name}.json`)

/** the corpus kind each script reads (its default CORPUS is ../corpus/<script name>.json) */
export const SCRIPT_CORPUS: Readonly<Record<string, CorpusKind>> = {
  roulette: "roulette",
  updates: "roulette",
  explorer: "roulette",
  journeys: "journeys"
}

/** the corpus kind a script reads, by its file name; null for a script the table does not know */
export const corpusKindOf = (script_path: string): CorpusKind | null => SCRIPT_CORPUS[basename(script_path, ".js")] ?? null

export const isK6Module = (path: string): boolean => path === "k6" || path.startsWith("k6/")

export const listScripts = (dir = SCRIPTS_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(dir, f))
