import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../src/main/hosts/content-security-policy'

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string> {
  const parsed = new Map<string, string>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) parsed.set(name, sources.join(' '))
  }
  return parsed
}

describe('Content-Security-Policy', () => {
  it('the page’s own <meta> policy is the hosts’ header policy (less frame-ancestors, which a <meta> cannot set)', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const header = directives(CONTENT_SECURITY_POLICY)
    header.delete('frame-ancestors')
    expect(directives(meta!)).toEqual(header)
  })

  it('lets sockets reach our own origin only; in development, the dev server’s too', () => {
    expect(directives(CONTENT_SECURITY_POLICY).get('connect-src')).toBe("'self'")
    expect(directives(devContentSecurityPolicy('http://localhost:5173/')).get('connect-src')).toBe(
      "'self' ws://localhost:5173",
    )
  })
})
