/**
 * npm run loadtest:corpus -- [--kind roulette|journeys] [--journeys N] [--rounds R] [--salt S] [--out FILE]
 *
 * Signs a corpus with the engine (loadtest/corpus.ts) for a k6 run: N fresh players (roulette: R
 * rounds each; journeys: a mixed day of every game, a vault and swaps). Default output
 * loadtest/corpus/<kind>.json, the default CORPUS of the scripts. A journeys corpus prints the
 * admin key the service must be started with (--admin-keys) so its AMM seeding is accepted.
 */
import { resolve } from "node:path"
import { parseArgs } from "node:util"
import { buildCorpus, CORPUS_KINDS, corpusTransactions, CorpusOptionsInvalid, writeCorpus } from "../corpus.ts"
import { defaultCorpusPath } from "../scripts-dir.ts"

const usage = "usage: npm run loadtest:corpus -- [--kind roulette|journeys] [--journeys N] [--rounds R] [--salt S] [--out FILE]\n"
const { values } = parseArgs({
  options: {
    kind: { type: "string", default: "roulette" },
    journeys: { type: "string", default: "1000" },
    rounds: { type: "string", default: "3" },
    salt: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false }
  }
})
if (values.help) {
  process.stdout.write(usage)
  process.exit(0)
}
const kind = CORPUS_KINDS.find((k) => k === values.kind)
if (kind === undefined) {
  process.stderr.write(`loadtest:corpus: --kind must be one of ${CORPUS_KINDS.join(", ")}\n${usage}`)
  process.exit(2)
}
try {
  const t0 = performance.now()
  const corpus = buildCorpus({
    kind,
    journeys: Number(values.journeys),
    rounds_per_journey: Number(values.rounds),
    ...(values.salt === undefined ? {} : { salt: values.salt })
  })
  const out = resolve(values.out ?? defaultCorpusPath(kind))
  const bytes = writeCorpus(out, corpus)
  process.stdout.write(
    `${out}: ${kind}, ${corpus.journeys.length} journeys, ${corpusTransactions(corpus)} signed transactions, ${(bytes / 1024).toFixed(0)} KiB in ${(performance.now() - t0).toFixed(0)} ms (salt ${corpus.salt})\n`
  )
  if (corpus.admin_public_key !== null) process.stdout.write(`start the service with --admin-keys ${corpus.admin_public_key}\n`)
} catch (e) {
  process.stderr.write(`loadtest:corpus: ${e instanceof CorpusOptionsInvalid ? e.message : String(e)}\n`)
  process.exit(2)
}
