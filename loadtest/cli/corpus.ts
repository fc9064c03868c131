/**
 * npm run loadtest:corpus -- [--journeys N] [--rounds R] [--salt S] [--out FILE]
 *
 * Signs a roulette corpus with the engine (loadtest/corpus.ts) for a k6 run: N fresh players, R
 * rounds each. Default output loadtest/corpus/roulette.json, the script's default CORPUS.
 */
import { resolve } from "node:path"
import { parseArgs } from "node:util"
import { buildRouletteCorpus, CorpusOptionsInvalid, writeCorpus } from "../corpus.ts"
import { DEFAULT_CORPUS } from "../scripts-dir.ts"

const { values } = parseArgs({
  options: {
    journeys: { type: "string", default: "1000" },
    rounds: { type: "string", default: "3" },
    salt: { type: "string" },
    out: { type: "string", default: DEFAULT_CORPUS },
    help: { type: "boolean", short: "h", default: false }
  }
})
if (values.help) {
  process.stdout.write("usage: npm run loadtest:corpus -- [--journeys N] [--rounds R] [--salt S] [--out FILE]\n")
  process.exit(0)
}
try {
  const t0 = performance.now()
  const corpus = buildRouletteCorpus({
    journeys: Number(values.journeys),
    rounds_per_journey: Number(values.rounds),
    ...(values.salt === undefined ? {} : { salt: values.salt })
  })
  const out = resolve(values.out)
  const bytes = writeCorpus(out, corpus)
  const txs = corpus.journeys.reduce((n, j) => n + j.rounds.reduce((m, r) => m + r.transactions, 0), 0)
  process.stdout.write(`${out}: ${corpus.journeys.length} journeys, ${txs} signed transactions, ${(bytes / 1024).toFixed(0)} KiB in ${(performance.now() - t0).toFixed(0)} ms (salt ${corpus.salt})\n`)
} catch (e) {
  process.stderr.write(`loadtest:corpus: ${e instanceof CorpusOptionsInvalid ? e.message : String(e)}\n`)
  process.exit(2)
}
