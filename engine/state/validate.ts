/**
 * Compiled record validators: a table's Schema AST (its Type side) turned once into a plain
 * function `(value) => boolean` that agrees with `Schema.is(schema)` — the check every
 * `TableDef.put` runs, so it must be cheap. Keywords, literals, enums, structs (exact: a
 * required key must be an own property, excess keys are ignored), records, tuples and arrays,
 * unions, suspended and refined schemas are compiled; a refinement runs its own filter after its
 * base type (so custom filters and brands keep exactly their meaning), except `int`,
 * `betweenBigInt`, `greaterThanOrEqualToBigInt`, the numeric ranges and `pattern`, checked inline. Anything
 * else (declarations, template literals, symbol keys, post-rest tuple elements) falls back to
 * `Schema.is` of that sub-schema.
 *
 * `compileChangeValidator` is the same check for a record that replaces a valid one (a put over
 * an existing row): a field whose value is a primitive identical (Object.is) to the previous
 * record's is valid because it was; every other field (changed, or an object or array, which
 * could have been mutated in place) is checked as `compileValidator` checks it. It exists only for
 * schemas whose Type side is a struct of string keys without index signatures (no check spans
 * two fields); for any other schema it is null and the full validator runs.
 */
import { Option, Schema, SchemaAST as AST } from "effect"

export type Validator = (value: unknown) => boolean

const EXACT: AST.ParseOptions = { exact: true }

const fallback = (ast: AST.AST): Validator => Schema.is(Schema.make(ast))

const isObject = (v: unknown): v is Record<PropertyKey, unknown> => typeof v === "object" && v !== null

const own = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k)

/**
 * A plain object (prototype Object.prototype or null): a defined value read from it under a name
 * Object.prototype does not have is an own property, so the hot loops skip hasOwnProperty then.
 */
const isPlain = (o: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(o)
  return proto === Object.prototype || proto === null
}
const inherited = (name: string): boolean => name in Object.prototype

/** a struct the change validator can check field by field: string keys, no index signatures */
const isPlainStruct = (ast: AST.AST): ast is AST.TypeLiteral =>
  AST.isTypeLiteral(ast) && ast.indexSignatures.length === 0 && ast.propertySignatures.length > 0 && ast.propertySignatures.every((p) => typeof p.name === "string")

const compileTypeLiteral = (ast: AST.TypeLiteral): Validator => {
  // Schema.is reads an empty struct as TypeScript's `{}`: anything but null and undefined
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) return (v) => v !== null && v !== undefined
  if (ast.propertySignatures.some((p) => typeof p.name !== "string")) return fallback(ast)
  if (ast.indexSignatures.some((s) => !isStringParameter(s.parameter))) return fallback(ast)
  const names = ast.propertySignatures.map((p) => String(p.name))
  const optional = ast.propertySignatures.map((p) => p.isOptional)
  const shadowed = names.map(inherited)
  const checks = ast.propertySignatures.map((p) => compile(p.type))
  const declared = new Set(names)
  const index = ast.indexSignatures.map((s) => ({ key: compile(s.parameter), value: compile(s.type) }))
  const count = names.length
  return (v) => {
    // Schema.is refuses an array where a struct or record is expected
    if (!isObject(v) || Array.isArray(v)) return false
    const plain = isPlain(v)
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      const x = v[name]
      if ((x === undefined || !plain || shadowed[i]) && !own(v, name)) {
        if (optional[i]) continue
        return false
      }
      if (!checks[i]!(x)) return false
    }
    if (index.length > 0) {
      for (const k of Object.keys(v)) {
        if (declared.has(k)) continue
        for (const s of index) if (!s.key(k) || !s.value(v[k])) return false
      }
    }
    return true
  }
}

const isStringParameter = (p: AST.AST): boolean =>
  AST.isStringKeyword(p) || (AST.isRefinement(p) && isStringParameter(p.from))

const compileTuple = (ast: AST.TupleType): Validator => {
  if (ast.rest.length > 1) return fallback(ast)
  const elements = ast.elements.map((e) => ({ optional: e.isOptional, check: compile(e.type) }))
  const restType = ast.rest[0]
  const rest = restType === undefined ? null : compile(restType.type)
  return (v) => {
    if (!Array.isArray(v)) return false
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i]!
      if (i >= v.length) {
        if (e.optional) continue
        return false
      }
      if (!e.check(v[i])) return false
    }
    if (rest === null) return v.length <= elements.length
    for (let i = elements.length; i < v.length; i++) if (!rest(v[i])) return false
    return true
  }
}

const compileUnion = (ast: AST.Union): Validator => {
  const literals = new Set<unknown>()
  const others: Validator[] = []
  for (const t of ast.types) {
    if (AST.isLiteral(t)) literals.add(t.literal)
    else others.push(compile(t))
  }
  if (others.length === 0) return (v) => literals.has(v)
  return (v) => {
    if (literals.has(v)) return true
    for (const o of others) if (o(v)) return true
    return false
  }
}

/**
 * The refinements the state schemas use most, checked without the filter machinery; each is
 * recognised by its schema id and the data Effect stores beside it (`min`/`max`, `regex`).
 */
const knownRefinement = (ast: AST.Refinement): Validator | null => {
  const id = ast.annotations[AST.SchemaIdAnnotationId]
  const data = typeof id === "symbol" ? ast.annotations[id] : undefined
  if (id === Schema.IntSchemaId) return (v) => Number.isSafeInteger(v)
  if (id === Schema.BetweenBigIntSchemaId && isObject(data) && typeof data.min === "bigint" && typeof data.max === "bigint") {
    const { min, max } = data
    return (v) => typeof v === "bigint" && v >= min && v <= max
  }
  if (id === Schema.GreaterThanOrEqualToBigIntSchemaId && isObject(data) && typeof data.min === "bigint") {
    const { min } = data
    return (v) => typeof v === "bigint" && v >= min
  }
  const range = numberRange(ast, id)
  if (range !== null) return range
  if (id === Schema.PatternSchemaId && isObject(data) && data.regex instanceof RegExp && !data.regex.global && !data.regex.sticky) {
    const regex = data.regex
    return (v) => typeof v === "string" && regex.test(v)
  }
  return null
}

/**
 * The numeric range filters (`between`, `greaterThan[OrEqualTo]`, `lessThan[OrEqualTo]`, and
 * `nonNegative`/`positive` built on them): Effect keeps their bounds only in the JSON Schema
 * annotation, which a caller's annotations could override, so the inline check is kept only when it
 * answers as the filter itself does on the bounds, either side of them and between them.
 */
const numberRange = (ast: AST.Refinement, id: unknown): Validator | null => {
  const js = ast.annotations[AST.JSONSchemaAnnotationId]
  if (!isObject(js)) return null
  const bound = (k: string): number | undefined => {
    const v = js[k]
    return typeof v === "number" && Number.isFinite(v) ? v : undefined
  }
  let check: ((v: number) => boolean) | undefined
  let edges: number[] = []
  if (id === Schema.BetweenSchemaId) {
    const min = bound("minimum")
    const max = bound("maximum")
    if (min !== undefined && max !== undefined) {
      check = (v) => v >= min && v <= max
      edges = [min, max, (min + max) / 2]
    }
  } else if (id === Schema.GreaterThanOrEqualToSchemaId) {
    const min = bound("minimum")
    if (min !== undefined) [check, edges] = [(v) => v >= min, [min]]
  } else if (id === Schema.LessThanOrEqualToSchemaId) {
    const max = bound("maximum")
    if (max !== undefined) [check, edges] = [(v) => v <= max, [max]]
  } else if (id === Schema.GreaterThanSchemaId) {
    const min = bound("exclusiveMinimum")
    if (min !== undefined) [check, edges] = [(v) => v > min, [min]]
  } else if (id === Schema.LessThanSchemaId) {
    const max = bound("exclusiveMaximum")
    if (max !== undefined) [check, edges] = [(v) => v < max, [max]]
  }
  if (check === undefined) return null
  const probes = [Number.NaN, ...edges.flatMap((e) => [e, e - 1, e + 1, e - 0.5, e + 0.5])]
  for (const p of probes) if (check(p) !== Option.isNone(ast.filter(p, EXACT, ast))) return null
  const inRange = check
  return (v) => typeof v === "number" && inRange(v)
}

/** the refinement's own predicate (its base type assumed already checked) */
export const refinementPredicate = (ast: AST.Refinement): Validator => {
  const known = knownRefinement(ast)
  if (known !== null) return known
  const filter = ast.filter
  return (v) => Option.isNone(filter(v, EXACT, ast))
}

const compileRefinement = (ast: AST.Refinement): Validator => {
  const from = compile(ast.from)
  const predicate = refinementPredicate(ast)
  return (v) => from(v) && predicate(v)
}

const compileSuspend = (ast: AST.Suspend): Validator => {
  let inner: Validator | null = null
  return (v) => {
    if (inner === null) inner = compile(ast.f())
    return inner(v)
  }
}

const compile = (ast: AST.AST): Validator => {
  switch (ast._tag) {
    case "StringKeyword":
      return (v) => typeof v === "string"
    case "NumberKeyword":
      return (v) => typeof v === "number"
    case "BooleanKeyword":
      return (v) => typeof v === "boolean"
    case "BigIntKeyword":
      return (v) => typeof v === "bigint"
    case "SymbolKeyword":
      return (v) => typeof v === "symbol"
    case "UndefinedKeyword":
    case "VoidKeyword":
      return (v) => v === undefined
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true
    case "NeverKeyword":
      return () => false
    case "ObjectKeyword":
      return (v) => (typeof v === "object" && v !== null) || typeof v === "function"
    case "Literal": {
      const literal = ast.literal
      return (v) => v === literal
    }
    case "UniqueSymbol": {
      const symbol = ast.symbol
      return (v) => v === symbol
    }
    case "Enums": {
      const values = new Set<unknown>(ast.enums.map(([, x]) => x))
      return (v) => values.has(v)
    }
    case "TypeLiteral":
      return compileTypeLiteral(ast)
    case "TupleType":
      return compileTuple(ast)
    case "Union":
      return compileUnion(ast)
    case "Refinement":
      return compileRefinement(ast)
    case "Suspend":
      return compileSuspend(ast)
    case "Transformation":
      return compile(AST.typeAST(ast))
    case "Declaration":
    case "TemplateLiteral":
      return fallback(ast)
  }
}

/** the validator of a schema's Type side: true iff `Schema.is(schema)(value)` */
export const compileValidator = <A, I, R>(schema: Schema.Schema<A, I, R>): Validator => compile(AST.typeAST(schema.ast))

/**
 * `(previous, value) => boolean`: given a `previous` record that is valid, true iff `value` is
 * valid (what the validator of the schema answers), re-checking only what may differ.
 */
export type ChangeValidator = (previous: unknown, value: unknown) => boolean

const isPrimitive = (v: unknown): boolean => v === null || (typeof v !== "object" && typeof v !== "function")

/** the change validator of a struct schema's Type side, or null (the schema is not a plain struct: validate in full) */
export const compileChangeValidator = <A, I, R>(schema: Schema.Schema<A, I, R>): ChangeValidator | null => {
  const ast = AST.typeAST(schema.ast)
  if (!isPlainStruct(ast)) return null
  const names = ast.propertySignatures.map((p) => String(p.name))
  const optional = ast.propertySignatures.map((p) => p.isOptional)
  const shadowed = names.map(inherited)
  const checks = ast.propertySignatures.map((p) => compile(p.type))
  const count = names.length
  return (previous, v) => {
    if (!isObject(v) || Array.isArray(v)) return false
    const prev = isObject(previous) ? previous : null
    const plain = prev !== null && isPlain(v) && isPlain(prev)
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      const x = v[name]
      if (plain && prev !== null && x !== undefined && !shadowed[i]) {
        // an own field of both (defined, no prototype has the name); unchanged and immutable:
        // valid because the previous record's field was
        if (isPrimitive(x) && Object.is(x, prev[name])) continue
        if (!checks[i]!(x)) return false
        continue
      }
      if (!own(v, name)) {
        if (optional[i]) continue
        return false
      }
      if (prev !== null && isPrimitive(x) && own(prev, name) && Object.is(x, prev[name])) continue
      if (!checks[i]!(x)) return false
    }
    return true
  }
}
