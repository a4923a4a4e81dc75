/**
 * NATS links that authenticate and encrypt, against a real nats-server: an NKey
 * seed file, and TLS with a certificate this test makes with openssl.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createUser } from '@nats-io/nkeys'
import { afterEach, describe, expect, it } from 'vitest'
import { createTradingDesk, type TradingDesk } from '../../src/main/hosts/trading-desk'
import { startNatsServer, until, type NatsServer } from './nats-server'

let cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-nats-sec-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function pair(
  server: NatsServer,
  url: string,
  link: { nkeySeedFile?: string; caFile?: string },
): Promise<TradingDesk> {
  cleanup.push(() => server.dispose())
  const alpha = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url, desk: 'alpha', ...link } })
  cleanup.push(() => alpha.close())
  const beta = createTradingDesk({ noSim: true, nats: { url, desk: 'beta', ...link }, remotes: [{ desk: 'alpha' }] })
  cleanup.push(() => beta.close())
  await until('the mirror over the secured link', () =>
    beta.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
  )
  return beta
}

describe('secured links', { timeout: 60_000 }, () => {
  it('authenticates with an NKey seed file', async () => {
    const user = createUser()
    const dir = tempDir()
    const seedFile = join(dir, 'desk.nk')
    writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()), { mode: 0o600 })
    const server = await startNatsServer({ config: `authorization { users: [ { nkey: ${user.getPublicKey()} } ] }` })
    const beta = await pair(server, server.url, { nkeySeedFile: seedFile })
    expect(beta.core.getAllContracts().length).toBeGreaterThan(0)
  })

  it('mirrors a desk added from a window with an NKey seed file, and refuses a seed file that is not there', async () => {
    const user = createUser()
    const dir = tempDir()
    const seedFile = join(dir, 'desk.nk')
    writeFileSync(seedFile, new TextDecoder().decode(user.getSeed()), { mode: 0o600 })
    const server = await startNatsServer({ config: `authorization { users: [ { nkey: ${user.getPublicKey()} } ] }` })
    cleanup.push(() => server.dispose())
    const alpha = createTradingDesk({
      connectSim: { tickRate: 20 },
      nats: { url: server.url, desk: 'alpha', nkeySeedFile: seedFile },
    })
    cleanup.push(() => alpha.close())
    const beta = createTradingDesk({ noSim: true })
    cleanup.push(() => beta.close())
    const window = beta.bridge.open(() => {}, 'window 1')
    cleanup.push(() => window.dispose())

    const missing = await beta.bridge.handle(window, 'gateway:addRemote', {
      desk: 'alpha',
      url: server.url,
      nkeySeedFile: join(dir, 'nowhere.nk'),
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'nkeySeedFile' } })
    expect(beta.core.getGateway('alpha')).toBeUndefined()

    const added = await beta.bridge.handle(window, 'gateway:addRemote', {
      desk: 'alpha',
      url: server.url,
      nkeySeedFile: seedFile,
    })
    expect(added).toEqual({ ok: true, value: null })
    await until('the mirror logged in with the NKey', () =>
      beta.core.getAllGatewayStatuses().some((s) => s.gatewayName === 'alpha' && s.state === 'connected'),
    )
    expect(beta.core.getAllContracts().some((contract) => contract.gatewayName === 'alpha')).toBe(true)
  })

  it('refuses a desk without the NKey, which keeps serving locally', async () => {
    const user = createUser()
    const server = await startNatsServer({ config: `authorization { users: [ { nkey: ${user.getPublicKey()} } ] }` })
    cleanup.push(() => server.dispose())
    const alpha = createTradingDesk({ connectSim: { tickRate: 20 }, nats: { url: server.url, desk: 'alpha' } })
    cleanup.push(() => alpha.close())
    await until('the refusal', () => alpha.core.getAllLogs().some((l) => /authorization violation/i.test(l.message)))
    await until('the local market', () => alpha.core.getAllContracts().length > 0)
  })

  it('encrypts with TLS, trusting a CA given by file', async () => {
    const dir = tempDir()
    const at = (name: string): string => join(dir, name)
    const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' })
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      at('ca.key'),
      '-out',
      at('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=eventdesk-test-ca',
    )
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      at('server.key'),
      '-out',
      at('server.csr'),
      '-subj',
      '/CN=127.0.0.1',
    )
    writeFileSync(at('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
    openssl(
      'x509',
      '-req',
      '-in',
      at('server.csr'),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-out',
      at('server.pem'),
      '-days',
      '1',
      '-extfile',
      at('san.ext'),
    )
    const server = await startNatsServer({
      scheme: 'tls',
      config: `tls { cert_file: ${JSON.stringify(at('server.pem'))}, key_file: ${JSON.stringify(at('server.key'))} }`,
    })
    const beta = await pair(server, server.url, { caFile: at('ca.pem') })
    expect(beta.core.getAllContracts().length).toBeGreaterThan(0)
  })
})
