/**
 * remote_desks.json is a file from outside (a user may edit it, a crash may
 * cut it short): whatever it holds, the desk starts, keeps what is a remote
 * desk, and says what it left out.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REMOTE_DESKS_FILE, RememberedRemotes } from '../../src/main/settings/remembered-remotes'

const folder = () => mkdtempSync(join(tmpdir(), 'eventdesk-remotes-'))

describe('the remembered remote desks', () => {
  it('keeps the good entries of a file and reports each bad one, by name', () => {
    const dir = folder()
    writeFileSync(
      join(dir, REMOTE_DESKS_FILE),
      JSON.stringify({
        alpha: { url: 'nats://desk:secret@10.0.0.2:4222' },
        'bad name.with.dots': { url: 'nats://10.0.0.3:4222' },
        beta: { url: 'http://10.0.0.4' },
        gamma: 'nats://10.0.0.5:4222',
      }),
    )
    const problems: string[] = []
    const remotes = new RememberedRemotes(dir, (problem) => problems.push(problem))
    expect(remotes.list()).toEqual([{ desk: 'alpha', url: 'nats://desk:secret@10.0.0.2:4222' }])
    expect(problems).toHaveLength(3)
    for (const name of ['bad name.with.dots', 'beta', 'gamma'])
      expect(problems.some((problem) => problem.includes(`: ${name} is not a remote desk`))).toBe(true)
  })

  it('starts empty from a file that is not JSON, keeping it aside, and saves the next desk readable by its owner only', () => {
    const dir = folder()
    writeFileSync(join(dir, REMOTE_DESKS_FILE), '{"alpha": {"url": "nats://')
    const problems: string[] = []
    const remotes = new RememberedRemotes(dir, (problem) => problems.push(problem))
    expect(remotes.list()).toEqual([])
    expect(problems).toHaveLength(1)
    expect(readdirSync(dir).some((name) => name.startsWith(`${REMOTE_DESKS_FILE}.unreadable-`))).toBe(true)

    remotes.remember({ desk: 'alpha', url: 'nats://desk:secret@10.0.0.2:4222' })
    const path = join(dir, REMOTE_DESKS_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ alpha: { url: 'nats://desk:secret@10.0.0.2:4222' } })
    expect(new RememberedRemotes(dir, () => {}).list()).toEqual(remotes.list())
  })
})
