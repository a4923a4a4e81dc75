export type { Gateway, GatewaySetting } from './gateway'
export { BaseGateway } from './base-gateway'
export { putKeyed } from './put-keyed'
