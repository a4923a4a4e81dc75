/**
 * Publishing the desk on NATS from its settings: what is refused and why, a
 * URL's password or token never shown to a window or a log, kept when a
 * window sends back what it was shown, and settings.json readable by its
 * owner only.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeskSettings, describeChange } from '../../src/main/settings'
import { englishText } from '../../src/shared/messages'
import { NATS_FILE_LIMITS, keepStoredSecret, redactNatsUrl } from '../../src/shared/nats-address'
import { connectionOptions } from '../../src/main/nats/link'

const dataDir = () => mkdtempSync(join(tmpdir(), 'eventdesk-nats-settings-'))
const SECRET_URL = 'nats://alice:horse-battery-staple@bus.example:4222'

describe('the NATS address as a window sees it', () => {
  it('hides a password or a token, and nothing else', () => {
    expect(redactNatsUrl(SECRET_URL)).toBe('nats://alice:•••@bus.example:4222')
    expect(redactNatsUrl('tls://s3cret-token@bus.example:4222')).toBe('tls://•••@bus.example:4222')
    expect(redactNatsUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222')
    expect(redactNatsUrl('')).toBe('')
  })

  it('puts the stored secret back when the redacted one comes back for the same server, and only then', () => {
    expect(keepStoredSecret('nats://alice:•••@bus.example:4222', SECRET_URL)).toBe(SECRET_URL)
    expect(keepStoredSecret('nats://•••@h:1', 'nats://tok@h:1')).toBe('nats://tok@h:1')
    // Another server, or TLS turned off: the secret is not sent there unless typed again.
    expect(keepStoredSecret('nats://alice:•••@other:4222', SECRET_URL)).toBe('nats://alice:•••@other:4222')
    expect(keepStoredSecret('nats://•••@h:1', 'tls://tok@h:1')).toBe('nats://•••@h:1')
    // Another user name, or a typed password: what was typed.
    expect(keepStoredSecret('nats://bob:•••@h:1', SECRET_URL)).toBe('nats://bob:•••@h:1')
    expect(keepStoredSecret('nats://alice:new@h:1', SECRET_URL)).toBe('nats://alice:new@h:1')
  })
})

describe('changing the NATS settings', () => {
  it('refuses publishing without a server or a name, a wrong scheme, a bad name, a missing file', () => {
    const settings = new DeskSettings()
    const refused = (changes: Record<string, unknown>) => {
      const result = settings.change(changes, 'window 1')
      expect(result.ok, JSON.stringify(changes)).toBe(false)
      return result.ok ? undefined : result.error
    }
    expect(refused({ 'nats.publish': true })).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'changes.nats.url' })
    expect(refused({ 'nats.publish': true, 'nats.url': 'nats://h:4222' })).toMatchObject({
      field: 'changes.nats.desk',
    })
    expect(refused({ 'nats.url': 'http://h:4222' })?.message).toMatch(/must start with nats:\/\/ or tls:\/\//)
    expect(refused({ 'nats.desk': 'IF2612.CFFEX' })?.message).toMatch(/1-64 letters, digits, _ or -/)
    expect(refused({ 'nats.nkeySeedFile': join(dataDir(), 'missing.nk') })).toMatchObject({
      field: 'changes.nats.nkeySeedFile',
    })
    expect(refused({ 'nats.url': 'nats://alice:•••@h:4222' })?.message).toMatch(/type the password or token again/)
    expect(settings.current()['nats.publish']).toBe(false)
  })

  it('will not name a folder, a device or a file too large to be a seed or a CA as one (nothing is read)', () => {
    const settings = new DeskSettings()
    const dir = dataDir()
    const huge = join(dir, 'huge.pem')
    // Sparse: 5 GB on paper, nothing on disk; reading it would take the desk's memory.
    const fd = openSync(huge, 'w')
    ftruncateSync(fd, 5 * 2 ** 30)
    closeSync(fd)
    const seed = join(dir, 'seed.nk')
    writeFileSync(seed, 'S'.repeat(NATS_FILE_LIMITS.nkeySeedFile + 1))
    for (const [key, path, problem] of [
      ['nats.caFile', huge, /at most 4194304 bytes/],
      ['nats.nkeySeedFile', seed, /at most 4096 bytes/],
      ['nats.caFile', dir, /must be a readable file/],
      ['nats.nkeySeedFile', '/dev/zero', /must be a readable file/],
    ] as const) {
      const result = settings.change({ [key]: path }, 'window 1')
      expect(result.ok, path).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(problem)
      expect(settings.current()[key]).toBe('')
    }
  })

  it('has the link refuse, with the reason, a seed file that grew too large after it was accepted', () => {
    const dir = dataDir()
    const seed = join(dir, 'seed.nk')
    writeFileSync(seed, 'S'.repeat(NATS_FILE_LIMITS.nkeySeedFile + 1))
    expect(() => connectionOptions({ url: 'nats://127.0.0.1:4222', nkeySeedFile: seed })).toThrow(
      /more than the 4096 such a file can be/,
    )
  })

  it('keeps the password in settings.json (mode 0600), shows it redacted, logs it redacted', () => {
    const dir = dataDir()
    const settings = new DeskSettings({ dataDir: dir })
    const logged: string[] = []
    settings.onChange((event) => logged.push(englishText(describeChange(event))))
    const result = settings.change({ 'nats.publish': true, 'nats.url': SECRET_URL, 'nats.desk': 'alpha' }, 'window 2')
    expect(result.ok).toBe(true)
    expect(settings.current()['nats.url']).toBe(SECRET_URL)
    expect(settings.view().values['nats.url']).toBe('nats://alice:•••@bus.example:4222')
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain('window 2')
    expect(logged[0]).toContain('nats.url  → nats://alice:•••@bus.example:4222')
    expect(logged.join()).not.toContain('horse-battery-staple')
    const file = join(dir, 'settings.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      nats: { publish: true, url: SECRET_URL, desk: 'alpha' },
    })
    // The next start reads it back.
    expect(new DeskSettings({ dataDir: dir }).current()).toMatchObject({ 'nats.url': SECRET_URL, 'nats.desk': 'alpha' })
  })

  it('keeps the stored password when a window saves the redacted URL back, but not for another server', () => {
    const settings = new DeskSettings()
    settings.change({ 'nats.url': SECRET_URL }, 'window 1')
    expect(
      settings.change({ 'nats.url': 'nats://alice:•••@bus.example:4222', 'nats.desk': 'beta' }, 'window 1').ok,
    ).toBe(true)
    expect(settings.current()['nats.url']).toBe(SECRET_URL)
    // A page that points the stored password at its own server must know the password.
    const elsewhere = settings.change({ 'nats.url': 'nats://alice:•••@attacker.example:4222' }, 'window 2')
    expect(elsewhere.ok).toBe(false)
    expect(settings.current()['nats.url']).toBe(SECRET_URL)
  })

  it('narrows an older settings.json to its owner on the first save', () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'settings.json'), '{}', { mode: 0o644 })
    new DeskSettings({ dataDir: dir }).change({ 'nats.desk': 'alpha' }, 'window 1')
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
  })

  it('takes the headless host’s --nats flags over the file, and will not change them while it runs', () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ nats: { url: 'nats://file:4222', desk: 'filed' } }))
    const settings = new DeskSettings({
      dataDir: dir,
      flags: { 'nats.publish': true, 'nats.url': 'nats://flag:4222', 'nats.desk': 'flagged' },
    })
    expect(settings.current()).toMatchObject({ 'nats.url': 'nats://flag:4222', 'nats.desk': 'flagged' })
    expect(settings.view().sources['nats.url']).toBe('flag')
    expect(settings.change({ 'nats.desk': 'other' }, 'window 1')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    })
  })
})
