/**
 * Fast Schema decode/encode for plain data schemas (game states): a schema's AST compiled once
 * into plain functions that build the same values Schema.decodeUnknown / Schema.encode build.
 * Compiled: keywords, literals, enums, structs without index signatures (declared keys only,
 * in declaration order), tuples and arrays, unions of literals and of structs told apart by one
 * literal field, refinements (their predicate on the Type side), suspensions, and
 * transformations whose steps answer synchronously (Schema.BigInt and the like). The result is
 * checked against the compiled validator of its side (validate.ts), which is what types it.
 * Whenever a compiled step cannot answer — an unsupported node, an input it does not accept —
 * the caller falls back to the Schema functions, so errors and edge cases are Schema's own.
 */
import { Either, Schema, SchemaAST as AST } from "effect"
import { compileValidator, refinementPredicate } from "./validate.ts"

const FAIL: unique symbol = Symbol("fast-codec/fail")
type Step = (u: unknown) => unknown

interface Pair {
  readonly decode: Step
  readonly encode: Step
}

const OPTIONS: AST.ParseOptions = {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null

const guard = (check: (u: unknown) => boolean): Pair => {
  const step: Step = (u) => (check(u) ? u : FAIL)
  return { decode: step, encode: step }
}

/** a plain object (prototype Object.prototype or null): a defined value under a name Object.prototype lacks is an own property */
const isPlain = (o: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(o)
  return proto === Object.prototype || proto === null
}

const typeLiteral = (ast: AST.TypeLiteral): Pair | null => {
  if (ast.indexSignatures.length > 0) return null
  const fields: Array<{ name: string; optional: boolean; shadowed: boolean; pair: Pair }> = []
  for (const p of ast.propertySignatures) {
    if (typeof p.name !== "string") return null
    const pair = compile(p.type)
    if (pair === null) return null
    fields.push({ name: p.name, optional: p.isOptional, shadowed: p.name in Object.prototype, pair })
  }
  const run =
    (dir: "decode" | "encode"): Step =>
    (u) => {
      if (!isObject(u) || Array.isArray(u)) return FAIL
      const plain = isPlain(u)
      const out: Record<string, unknown> = {}
      for (const f of fields) {
        const x = u[f.name]
        if ((x === undefined || !plain || f.shadowed) && !Object.prototype.hasOwnProperty.call(u, f.name)) {
          if (f.optional) continue
          return FAIL
        }
        const v = f.pair[dir](x)
        if (v === FAIL) return FAIL
        out[f.name] = v
      }
      return out
    }
  return { decode: run("decode"), encode: run("encode") }
}

const tuple = (ast: AST.TupleType): Pair | null => {
  if (ast.rest.length > 1 || ast.elements.some((e) => e.isOptional)) return null
  const elements: Pair[] = []
  for (const e of ast.elements) {
    const pair = compile(e.type)
    if (pair === null) return null
    elements.push(pair)
  }
  const restType = ast.rest[0]
  const rest = restType === undefined ? null : compile(restType.type)
  if (restType !== undefined && rest === null) return null
  const n = elements.length
  const run =
    (dir: "decode" | "encode"): Step =>
    (u) => {
      if (!Array.isArray(u) || u.length < n || (rest === null && u.length !== n)) return FAIL
      const out: unknown[] = new Array(u.length)
      for (let i = 0; i < u.length; i++) {
        const pair = i < n ? elements[i] : rest
        if (pair === undefined || pair === null) return FAIL
        const v = pair[dir](u[i])
        if (v === FAIL) return FAIL
        out[i] = v
      }
      return out
    }
  return { decode: run("decode"), encode: run("encode") }
}

/** the literal field every struct member of a union has, with distinct values, if any */
const discriminant = (members: ReadonlyArray<AST.TypeLiteral>): { key: string; values: unknown[] } | null => {
  const first = members[0]
  if (first === undefined) return null
  for (const p of first.propertySignatures) {
    if (typeof p.name !== "string" || p.isOptional) continue
    const key = p.name
    const values: unknown[] = []
    for (const m of members) {
      const q = m.propertySignatures.find((x) => x.name === key)
      if (q === undefined || q.isOptional || !AST.isLiteral(q.type)) break
      values.push(q.type.literal)
    }
    if (values.length === members.length && new Set(values).size === values.length) return { key, values }
  }
  return null
}

const union = (ast: AST.Union): Pair | null => {
  const literals = new Set<unknown>()
  const structs: AST.TypeLiteral[] = []
  const others: AST.AST[] = []
  for (const t of ast.types) {
    if (AST.isLiteral(t)) literals.add(t.literal)
    else if (AST.isTypeLiteral(t)) structs.push(t)
    else others.push(t)
  }
  // at most one other member, beside literals only, accepting none of them on either side
  // (so trying the literals first answers as Schema does); anything else is Schema's job
  const otherAst = others[0]
  if (others.length > 1 || (otherAst !== undefined && structs.length > 0)) return null
  if (otherAst !== undefined) {
    const typeSide = compileValidator(Schema.make(AST.typeAST(otherAst)))
    const encodedSide = compileValidator(Schema.make(AST.encodedAST(otherAst)))
    for (const l of literals) if (typeSide(l) || encodedSide(l)) return null
  }
  const other = otherAst === undefined ? null : compile(otherAst)
  if (otherAst !== undefined && other === null) return null
  let byKey: { key: string; pairs: Map<unknown, Pair> } | null = null
  if (structs.length > 0) {
    const d = structs.length === 1 ? null : discriminant(structs)
    if (structs.length > 1 && d === null) return null
    const pairs = new Map<unknown, Pair>()
    for (let i = 0; i < structs.length; i++) {
      const pair = typeLiteral(structs[i]!)
      if (pair === null) return null
      pairs.set(d === null ? null : d.values[i], pair)
    }
    byKey = { key: d === null ? "" : d.key, pairs }
  }
  const single = structs.length === 1
  const run =
    (dir: "decode" | "encode"): Step =>
    (u) => {
      if (literals.has(u)) return u
      if (other !== null) return other[dir](u)
      if (byKey === null || !isObject(u)) return FAIL
      const pair = single ? byKey.pairs.get(null) : byKey.pairs.get(u[byKey.key])
      return pair === undefined ? FAIL : pair[dir](u)
    }
  return { decode: run("decode"), encode: run("encode") }
}

const refinement = (ast: AST.Refinement): Pair | null => {
  const from = compile(ast.from)
  if (from === null) return null
  const predicate = refinementPredicate(ast)
  return {
    decode: (u) => {
      const v = from.decode(u)
      return v === FAIL || !predicate(v) ? FAIL : v
    },
    encode: (a) => (predicate(a) ? from.encode(a) : FAIL)
  }
}

/** a transformation step's answer, when it is synchronous and a success */
const settled = (r: unknown): unknown => (Either.isEither(r) ? (Either.isRight(r) ? r.right : FAIL) : FAIL)

const transformation = (ast: AST.Transformation): Pair | null => {
  const from = compile(ast.from)
  const to = compile(ast.to)
  if (from === null || to === null) return null
  const t = ast.transformation
  if (AST.isComposeTransformation(t))
    return {
      decode: (u) => {
        const v = from.decode(u)
        return v === FAIL ? FAIL : to.decode(v)
      },
      encode: (a) => {
        const v = to.encode(a)
        return v === FAIL ? FAIL : from.encode(v)
      }
    }
  if (!AST.isFinalTransformation(t)) return null
  return {
    decode: (u) => {
      const f = from.decode(u)
      if (f === FAIL) return FAIL
      const v = settled(t.decode(f, OPTIONS, ast, u))
      return v === FAIL ? FAIL : to.decode(v)
    },
    encode: (a) => {
      const e = to.encode(a)
      if (e === FAIL) return FAIL
      const v = settled(t.encode(e, OPTIONS, ast, a))
      return v === FAIL ? FAIL : from.encode(v)
    }
  }
}

const compile = (ast: AST.AST): Pair | null => {
  switch (ast._tag) {
    case "StringKeyword":
      return guard((u) => typeof u === "string")
    case "NumberKeyword":
      return guard((u) => typeof u === "number")
    case "BooleanKeyword":
      return guard((u) => typeof u === "boolean")
    case "BigIntKeyword":
      return guard((u) => typeof u === "bigint")
    case "UnknownKeyword":
    case "AnyKeyword":
      return { decode: (u) => u, encode: (u) => u }
    case "Literal": {
      const literal = ast.literal
      return guard((u) => u === literal)
    }
    case "Enums": {
      const values = new Set<unknown>(ast.enums.map(([, x]) => x))
      return guard((u) => values.has(u))
    }
    case "TypeLiteral":
      return typeLiteral(ast)
    case "TupleType":
      return tuple(ast)
    case "Union":
      return union(ast)
    case "Refinement":
      return refinement(ast)
    case "Transformation":
      return transformation(ast)
    case "Suspend": {
      let inner: Pair | null | undefined
      const get = (): Pair | null => (inner === undefined ? (inner = compile(ast.f())) : inner)
      return { decode: (u) => get()?.decode(u) ?? FAIL, encode: (a) => get()?.encode(a) ?? FAIL }
    }
    default:
      return null
  }
}

export interface FastCodec<A, I> {
  /** the decoded value, or undefined when the fast path cannot decide (then use Schema) */
  readonly decode: (u: unknown) => A | undefined
  /** the encoded value, or undefined when the fast path cannot decide (then use Schema) */
  readonly encode: (a: A) => I | undefined
}

export const fastCodec = <A, I>(schema: Schema.Schema<A, I>): FastCodec<A, I> => {
  const pair = compile(schema.ast)
  const typeValid = compileValidator(schema)
  const encodedValid = compileValidator(Schema.encodedSchema(schema))
  const isA = (v: unknown): v is A => typeValid(v)
  const isI = (v: unknown): v is I => encodedValid(v)
  return {
    decode: (u) => {
      if (pair === null) return undefined
      const v = pair.decode(u)
      return v !== FAIL && isA(v) ? v : undefined
    },
    encode: (a) => {
      if (pair === null) return undefined
      const v = pair.encode(a)
      return v !== FAIL && isI(v) ? v : undefined
    }
  }
}
