/**
 * A command to a remote desk over NATS (request/reply on `eventdesk.<desk>.cmd.<channel>`), as a mirroring
 * gateway sends it: naming this desk and its session in headers (the remote desk's command server
 * rate-limits per sender) and, for an order, this desk's own id for it.
 */
import { headers as natsHeaders, NoRespondersError, RequestError, type NatsConnection } from '@nats-io/transport-node'
import type { Result } from '../../shared/contract'
import { HEADER_CLIENT_ORDER_ID, HEADER_DESK, HEADER_SESSION } from './command-server'
import type { DeskSubjects } from './subjects'

export interface DeskRequest {
  channel: string
  payload: unknown
  clientOrderId?: string
  timeoutMs: number
}

/** The remote desk's reply; 'timeout' when none came in time. */
export async function requestDesk<T>(
  nc: NatsConnection,
  subjects: DeskSubjects,
  self: { desk: string; sessionId: string },
  { channel, payload, clientOrderId, timeoutMs }: DeskRequest,
): Promise<Result<T> | 'timeout'> {
  const h = natsHeaders()
  h.set(HEADER_DESK, self.desk)
  h.set(HEADER_SESSION, self.sessionId)
  if (clientOrderId !== undefined) h.set(HEADER_CLIENT_ORDER_ID, clientOrderId)
  try {
    const msg = await nc.request(subjects.command(channel), JSON.stringify(payload), { timeout: timeoutMs, headers: h })
    return JSON.parse(msg.string()) as Result<T>
  } catch (err) {
    // Nobody serves the desk's subject: the request surely went nowhere, unlike a late reply.
    if (err instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders()))
      return { ok: false, error: { code: 'FAILED_PRECONDITION', message: `desk ${subjects.desk} is not answering` } }
    return 'timeout'
  }
}
