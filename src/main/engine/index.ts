export { EventEngine, ENGINE_SOURCE, type Disposer, type EventEngineOptions, type LaneOptions } from './event-engine'
export { nodeScheduler, type Scheduler } from './scheduler'
export { ManualScheduler } from './manual-scheduler'
export * from '../../shared/events'
