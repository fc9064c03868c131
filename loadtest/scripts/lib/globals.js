// Globals the bundled engine code touches while it loads, for runtimes without them (k6 has none
// of these): a UTF-8 TextEncoder / TextDecoder (the engine's byte codec creates both at load), and
// a URL class that only answers `instanceof URL` (effect's hashing tests values against it) and
// refuses construction. Import this module first. It installs nothing the runtime already has.

const encodeUtf8 = (input) => {
  const s = String(input)
  const out = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return new Uint8Array(out)
}

class Utf8Encoder {
  get encoding() {
    return 'utf-8'
  }
  encode(input = '') {
    return encodeUtf8(input)
  }
}

class Utf8Decoder {
  constructor(label = 'utf-8', options = {}) {
    const l = String(label).toLowerCase()
    if (l !== 'utf-8' && l !== 'utf8') throw new RangeError(`unsupported encoding ${label}`)
    this.fatal = Boolean(options && options.fatal)
  }
  get encoding() {
    return 'utf-8'
  }
  decode(input) {
    if (input === undefined) return ''
    const b = input instanceof Uint8Array ? input : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input)
    let s = ''
    let i = 0
    const bad = () => {
      if (this.fatal) throw new TypeError('The encoded data was not valid for encoding utf-8')
      s += '\ufffd'
      i++
    }
    while (i < b.length) {
      const x = b[i]
      if (x < 0x80) {
        s += String.fromCharCode(x)
        i++
        continue
      }
      const n = x >= 0xf0 && x <= 0xf4 ? 3 : x >= 0xe0 ? (x <= 0xef ? 2 : 0) : x >= 0xc2 && x <= 0xdf ? 1 : 0
      if (n === 0 || i + n > b.length - 1) {
        bad()
        continue
      }
      let c = x & (n === 1 ? 0x1f : n === 2 ? 0x0f : 0x07)
      let ok = true
      for (let k = 1; k <= n; k++) {
        const y = b[i + k]
        if ((y & 0xc0) !== 0x80) {
          ok = false
          break
        }
        c = (c << 6) | (y & 63)
      }
      const min = n === 1 ? 0x80 : n === 2 ? 0x800 : 0x10000
      if (!ok || c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
        bad()
        continue
      }
      s += String.fromCodePoint(c)
      i += n + 1
    }
    return s
  }
}

if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = Utf8Encoder
if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = Utf8Decoder

class UnavailableUrl {
  constructor() {
    throw new TypeError('URL is not available in this runtime')
  }
}

if (typeof globalThis.URL === 'undefined') globalThis.URL = UnavailableUrl
