export { openDatabase, type DatabaseOptions, type SynchronousMode } from './database'
export { migrate, NewerJournalError, SCHEMA_VERSION } from './schema'
export { tradingDayOf } from './trading-day'
export { JournalWriter } from './writer'
