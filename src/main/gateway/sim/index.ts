export { SimGateway, type SimGatewayOptions } from './sim-gateway'
export { DEFAULT_SIM_SETTING, type SimSetting } from './sim-setting'
export { INSTRUMENTS, type InstrumentSpec, type Currency } from './instruments'
