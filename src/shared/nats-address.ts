/**
 * NATS addresses and desk names as a user types them (Settings, the Connect
 * remote desk dialog, `--nats`): what makes one valid, and how one that
 * carries credentials is shown. A URL may hold `user:password@` or `token@`;
 * the desk keeps it whole, and a window only ever sees it redacted
 * (`nats://alice:•••@host:4222`). A redacted URL sent back unchanged in its
 * credentials means "keep the stored secret" (see `keepStoredSecret`).
 */

/** What stands for a secret a window is not shown. */
export const REDACTED = '•••'

/** `nats://` or `tls://`, optional credentials, then host[:port] and nothing after. */
const NATS_URL = /^(nats|tls):\/\/(?:([^\s/@]*)@)?([^\s/@]+)$/

/** A desk's name on NATS: one plain subject token (src/main/nats/subjects.ts), also in a stream's name. */
export const DESK_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The largest NKey seed and CA files read, in bytes: a seed is 58 characters
 * and a CA bundle a few hundred kilobytes. A path named by a window or a
 * settings file may point anywhere; a multi-gigabyte file must not be read
 * into the desk's memory (nor a FIFO or device, which are not regular files).
 */
export const NATS_FILE_LIMITS = { nkeySeedFile: 4096, caFile: 4 << 20 } as const

/** Longest URL accepted (credentials included). */
export const MAX_NATS_URL_LENGTH = 512

/** What is wrong with a NATS URL, in words; undefined when it is one. */
export function natsUrlProblem(url: string): string | undefined {
  if (url.length > MAX_NATS_URL_LENGTH) return `must be at most ${MAX_NATS_URL_LENGTH} characters`
  const match = NATS_URL.exec(url)
  if (match === null)
    return /^[a-z]+:\/\//i.test(url) && !/^(nats|tls):\/\//.test(url)
      ? 'must start with nats:// or tls://'
      : 'must look like nats://host:4222 or tls://host:4222'
  if (url.includes(REDACTED)) return 'holds a hidden secret: type the password or token again'
  return undefined
}

/** What is wrong with a desk name, in words; undefined when it is one. */
export function deskNameProblem(name: string): string | undefined {
  return DESK_NAME_PATTERN.test(name) ? undefined : 'must be 1-64 letters, digits, _ or -'
}

/** The URL as a window may see it: a password or a token replaced by `•••`, the user name kept. */
export function redactNatsUrl(url: string): string {
  const match = NATS_URL.exec(url)
  if (match === null) return url === '' ? '' : REDACTED
  const [, scheme, credentials, host] = match
  if (credentials === undefined || credentials === '') return url
  const colon = credentials.indexOf(':')
  const shown = colon < 0 ? REDACTED : `${credentials.slice(0, colon)}:${REDACTED}`
  return `${scheme}://${shown}@${host}`
}

/**
 * The URL to keep when a window sends `typed`: where its credentials are the
 * redacted ones it was shown for `stored` (`alice:•••`, `•••`) and it names
 * the same server, the stored secret goes back in. Pointed at another server,
 * the secret must be typed again (the URL keeps `•••`, which validation
 * refuses): otherwise any page holding the desk's token could send the stored
 * password to a server of its choosing.
 */
export function keepStoredSecret(typed: string, stored: string): string {
  const now = NATS_URL.exec(typed)
  const before = NATS_URL.exec(stored)
  if (now === null || before === null || now[2] === undefined || before[2] === undefined) return typed
  const [, scheme, credentials, host] = now
  if (scheme !== before[1] || host !== before[3]) return typed
  const keptSecret = before[2]
  const colon = keptSecret.indexOf(':')
  const keptUser = colon < 0 ? undefined : keptSecret.slice(0, colon)
  if (credentials === REDACTED && colon < 0) return `${scheme}://${keptSecret}@${host}`
  if (credentials === `${keptUser}:${REDACTED}`) return `${scheme}://${keptSecret}@${host}`
  return typed
}
