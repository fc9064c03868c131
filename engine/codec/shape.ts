/**
 * Reading the shape of a struct or tagged-union Schema from its AST: the members' tags and their
 * field names in declaration order. The codec tables check themselves against it when built (same
 * tags, same field names), and the codec tests compare wire order with declaration order.
 */
import { SchemaAST } from "effect"

export interface MemberShape {
  /** the `_tag` literal, or undefined for a plain struct */
  readonly tag: string | undefined
  /** field names in declaration order, `_tag` excluded */
  readonly keys: ReadonlyArray<string>
}

const unwrap = (ast: SchemaAST.AST): SchemaAST.AST => (SchemaAST.isRefinement(ast) ? unwrap(ast.from) : ast)

const memberOf = (ast: SchemaAST.AST): MemberShape => {
  const t = unwrap(ast)
  if (!SchemaAST.isTypeLiteral(t)) throw new TypeError(`a codec table needs struct members, got ${t._tag}`)
  let tag: string | undefined
  const keys: string[] = []
  for (const ps of t.propertySignatures) {
    if (typeof ps.name !== "string") throw new TypeError("struct keys must be strings")
    if (ps.name === "_tag") {
      const lit = unwrap(ps.type)
      if (!SchemaAST.isLiteral(lit) || typeof lit.literal !== "string") throw new TypeError("_tag must be a string literal")
      tag = lit.literal
    } else keys.push(ps.name)
  }
  return { tag, keys }
}

/** the members of a union Schema (one member for a struct) */
export const shapeOf = (ast: SchemaAST.AST): ReadonlyArray<MemberShape> => {
  const t = unwrap(SchemaAST.typeAST(ast))
  return SchemaAST.isUnion(t) ? t.types.map(memberOf) : [memberOf(t)]
}

export const sameKeys = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  const sa = [...a].sort()
  const sb = [...b].sort()
  return sa.length === sb.length && sa.every((k, i) => k === sb[i])
}
