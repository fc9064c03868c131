/**
 * A state proof: the path from the root of the authenticated state (tree.ts) to where a key's
 * search ends, enough to recompute the root from the key and its value (or its absence).
 *
 *   steps     the inner nodes on the key's search path, root first: the bit each splits on
 *             (strictly increasing) and the digest of the child the path does not take;
 *   terminal  where the search ends: Member (the key's own leaf: an inclusion proof), OtherLeaf
 *             (another key's leaf, given by its path and value hash: the key is absent), or Empty
 *             (the whole state is empty: no steps).
 *
 * Wire format (exact: every byte is read, trailing bytes refused):
 *   u8 terminal (0 Member, 1 Empty, 2 OtherLeaf) [OtherLeaf: 32-byte path ‖ 32-byte value hash]
 *   varint step count ≤ 256 (0 for Empty), then per step: u8 bit ‖ 32-byte sibling digest.
 * An inclusion proof in a state of n keys is about 2 + 33·(log2 n + 1) bytes.
 * A malformed proof is a ProofMalformed (code 120), never a thrown error.
 */
import { Either, Schema } from "effect"
import { ByteReader, ByteWriter, DecodeFailure, decodeFailure } from "../../codec/bytes.ts"
import { makeCodec, type Codec } from "../../codec/codec.ts"
import { ProofMalformed } from "../../errors.ts"
import { DIGEST_BYTES, PATH_BITS } from "./hash.ts"

const Digest = Schema.Uint8ArrayFromSelf.pipe(
  Schema.filter((b) => b.length === DIGEST_BYTES, { message: () => "a 32-byte digest" }),
  Schema.annotations({ arbitrary: () => (fc) => fc.uint8Array({ minLength: DIGEST_BYTES, maxLength: DIGEST_BYTES }) })
)

export const ProofStep = Schema.Struct({ bit: Schema.Int.pipe(Schema.between(0, PATH_BITS - 1)), sibling: Digest })
export type ProofStep = typeof ProofStep.Type

export const ProofTerminal = Schema.Union(
  Schema.TaggedStruct("Member", {}),
  Schema.TaggedStruct("Empty", {}),
  Schema.TaggedStruct("OtherLeaf", { path: Digest, value_hash: Digest })
)
export type ProofTerminal = typeof ProofTerminal.Type

const increasing = (steps: ReadonlyArray<ProofStep>): boolean => steps.every((s, i) => i === 0 || s.bit > steps[i - 1]!.bit)

export const StateProof = Schema.Struct({
  terminal: ProofTerminal,
  steps: Schema.Array(ProofStep).pipe(Schema.maxItems(PATH_BITS), Schema.filter(increasing, { message: () => "step bits strictly increasing" }))
}).pipe(Schema.filter((p) => p.terminal._tag !== "Empty" || p.steps.length === 0, { message: () => "an empty state has no steps" }))
export type StateProof = typeof StateProof.Type

const TERMINAL_MEMBER = 0
const TERMINAL_EMPTY = 1
const TERMINAL_OTHER = 2

const isStateProof = Schema.is(StateProof)

export const STATE_PROOF_CODEC: Codec<StateProof> = makeCodec({
  name: "state proof",
  domain: StateProof,
  is: isStateProof,
  write: (w, p) => {
    switch (p.terminal._tag) {
      case "Member":
        w.u8(TERMINAL_MEMBER)
        break
      case "Empty":
        w.u8(TERMINAL_EMPTY)
        break
      case "OtherLeaf":
        w.u8(TERMINAL_OTHER).raw(p.terminal.path).raw(p.terminal.value_hash)
        break
    }
    w.varint(p.steps.length)
    for (const s of p.steps) w.u8(s.bit).raw(s.sibling)
  },
  read: (r) => {
    const at = r.offset
    const kind = r.u8()
    let terminal: ProofTerminal
    if (kind === TERMINAL_MEMBER) terminal = { _tag: "Member" }
    else if (kind === TERMINAL_EMPTY) terminal = { _tag: "Empty" }
    else if (kind === TERMINAL_OTHER) terminal = { _tag: "OtherLeaf", path: r.raw(DIGEST_BYTES), value_hash: r.raw(DIGEST_BYTES) }
    else throw decodeFailure(`unknown proof terminal ${kind}`, at)
    const countAt = r.offset
    const n = r.length(PATH_BITS)
    if (kind === TERMINAL_EMPTY && n !== 0) throw decodeFailure("an empty-state proof has no steps", countAt)
    const steps: ProofStep[] = []
    let last = -1
    for (let i = 0; i < n; i++) {
      const bitAt = r.offset
      const bit = r.u8()
      if (bit <= last) throw decodeFailure(`step bit ${bit} does not follow ${last}`, bitAt)
      last = bit
      steps.push({ bit, sibling: r.raw(DIGEST_BYTES) })
    }
    return { terminal, steps }
  }
})

export const encodeStateProof = (p: StateProof): Uint8Array => {
  const w = new ByteWriter(2 + 2 * DIGEST_BYTES + p.steps.length * (1 + DIGEST_BYTES))
  STATE_PROOF_CODEC.write(w, p)
  return w.finish()
}

/** exactly one proof, or why the bytes are not one */
export const decodeStateProof = (bytes: Uint8Array): Either.Either<StateProof, ProofMalformed> => {
  try {
    const r = new ByteReader(bytes)
    const p = STATE_PROOF_CODEC.read(r)
    r.end()
    return Either.right(p)
  } catch (e) {
    if (e instanceof DecodeFailure) return Either.left(new ProofMalformed({ message: `state proof: ${e.reason}`, offset: e.offset }))
    throw e
  }
}
