/** Request ids: the client's `x-request-id` when it is a sane token, else a fresh UUIDv4. */
import { randomUUID } from "node:crypto"

const SANE = /^[A-Za-z0-9._:-]{1,128}$/

export const requestId = (header: string | string[] | undefined): string => {
  const v = Array.isArray(header) ? header[0] : header
  return v !== undefined && SANE.test(v) ? v : randomUUID()
}
