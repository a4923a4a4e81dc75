export { SimGateway, DEFAULT_SIM_SETTING, type SimGatewayOptions, type SimSetting } from './sim-gateway'
export { INSTRUMENTS, type InstrumentSpec, type Currency } from './instruments'
