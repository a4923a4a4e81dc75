export { NatsDesk, type NatsDeskOptions } from './nats-desk'
export { NatsGateway, type MirrorCursor, type MirrorCursorStore, type NatsGatewayOptions } from './nats-gateway'
export { DeskSubjects, encodeToken, decodeToken, isDeskName } from './subjects'
export { redactUrl } from './link'
