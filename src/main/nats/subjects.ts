/**
 * NATS subjects of a desk: `eventdesk.<desk>.<kind>[.<key>]` for events and
 * `eventdesk.<desk>.cmd.<channel>` for commands.
 *
 * NATS splits subjects on `.` and gives `*` and `>` a meaning of their own, so
 * a key such as `IF2612.CFFEX` cannot go in as it is. Every token we build is
 * encoded: letters, digits, `_`, `-` and `:` stand for themselves; every other
 * byte of the key's UTF-8 form, `~` included, becomes `~` and two upper-case
 * hex digits. So `IF2612.CFFEX` is `IF2612~2ECFFEX`, `a~b` is `a~7Eb`, and an
 * empty key is `~` alone. The encoding is one-to-one: `decodeToken` gives the
 * key back, and no token holds `.`, `*`, `>`, white space or control bytes.
 */

import { PUSH_KINDS, type PushKind } from '../../shared/push'

const PLAIN = /^[A-Za-z0-9_:-]$/
export const SUBJECT_ROOT = 'eventdesk'

/** A desk's name: one plain subject token, also usable in a JetStream stream name. */
export const DESK_NAME = /^[A-Za-z0-9_-]{1,64}$/

export function isDeskName(name: string): boolean {
  return DESK_NAME.test(name)
}

/** One subject token for any text (see the module comment). */
export function encodeToken(text: string): string {
  if (text === '') return '~'
  let out = ''
  for (const char of text) {
    if (PLAIN.test(char)) {
      out += char
      continue
    }
    for (const byte of Buffer.from(char, 'utf-8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** The text a token stands for; undefined when it is not one `encodeToken` makes. */
export function decodeToken(token: string): string | undefined {
  if (token === '~') return ''
  if (!/^(?:[A-Za-z0-9_:-]|~[0-9A-F]{2})+$/.test(token)) return undefined
  const bytes: number[] = []
  for (let i = 0; i < token.length;) {
    if (token[i] === '~') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16))
      i += 3
    } else {
      bytes.push(token.charCodeAt(i))
      i += 1
    }
  }
  const text = Buffer.from(bytes).toString('utf-8')
  // A token that decodes to bytes that are not UTF-8, or that is not the canonical form, is not ours.
  return encodeToken(text) === token ? text : undefined
}

/**
 * What travels on a desk's subjects: what a window is pushed, but the engine's
 * metrics and the unpolled fills (a mirroring desk's own trading core works
 * those out from the trades and positions it mirrors).
 */
export type DeskEventKind = Exclude<PushKind, 'metrics' | 'unpolled'>
export const EVENT_KINDS = PUSH_KINDS.filter((kind): kind is DeskEventKind => kind !== 'metrics' && kind !== 'unpolled')

/** Kinds kept in the desk's JetStream stream, so nothing of them is lost while a monitor is away. */
export const DURABLE_KINDS: ReadonlySet<DeskEventKind> = new Set(['order', 'trade', 'log', 'strategy'])

/** The subjects of one desk. */
export class DeskSubjects {
  readonly prefix: string

  constructor(readonly desk: string) {
    if (!isDeskName(desk))
      throw new RangeError(`a desk name is 1-64 letters, digits, _ or -; got "${desk.slice(0, 80)}"`)
    this.prefix = `${SUBJECT_ROOT}.${desk}`
  }

  /** `eventdesk.<desk>.<kind>` or `eventdesk.<desk>.<kind>.<key>`. */
  event(kind: DeskEventKind, key?: string): string {
    return key === undefined ? `${this.prefix}.${kind}` : `${this.prefix}.${kind}.${encodeToken(key)}`
  }

  /** Everything of one kind, every key: for a subscription. */
  allOf(kind: DeskEventKind): string {
    return `${this.prefix}.${kind}.>`
  }

  /** `eventdesk.<desk>.cmd.<channel>`: request/reply. */
  command(channel: string): string {
    return `${this.prefix}.cmd.${encodeToken(channel)}`
  }

  /** Every command subject of the desk: what the desk serves. */
  get commands(): string {
    return `${this.prefix}.cmd.*`
  }

  /** The JetStream stream holding the desk's durable kinds (a desk name is valid in a stream name as it is). */
  get stream(): string {
    return `EVENTDESK_${this.desk}`
  }

  /** Subjects the stream captures (keyed and unkeyed, both). */
  get streamSubjects(): string[] {
    return [...DURABLE_KINDS].flatMap((kind) => [this.event(kind), this.allOf(kind)])
  }

  /** The kind and key of a subject of this desk; undefined for anything else. */
  parse(subject: string): { kind: DeskEventKind; key?: string } | undefined {
    if (!subject.startsWith(`${this.prefix}.`)) return undefined
    const rest = subject.slice(this.prefix.length + 1).split('.')
    const kind = rest[0] as DeskEventKind
    if (!(EVENT_KINDS as readonly string[]).includes(kind) || rest.length > 2) return undefined
    if (rest.length === 1) return { kind }
    const key = decodeToken(rest[1])
    return key === undefined ? undefined : { kind, key }
  }
}
