/** Where the k6 scripts and their default corpus live. */
import { readdirSync } from "node:fs"
import { join, resolve } from "node:path"

export const SCRIPTS_DIR = resolve(import.meta.dirname, "scripts")
/** generated corpora (git-ignored); a script's default CORPUS is ../corpus/<script>.json */
export const CORPUS_DIR = resolve(import.meta.dirname, "corpus")
export const DEFAULT_CORPUS = join(CORPUS_DIR, "roulette.json")

export const isK6Module = (path: string): boolean => path === "k6" || path.startsWith("k6/")

export const listScripts = (dir = SCRIPTS_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .map((f) => join(dir, f))
