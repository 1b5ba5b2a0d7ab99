export {
  validateInstrumentInput,
  instrumentInput,
  INSTRUMENT_LIMITS,
  type InstrumentInputResult,
  type ValidateInstrumentOptions,
} from './validate-instrument-input';
export { validateInstrumentRecord } from './validate-instrument-record';
export { isCalendarDate, formatCalendarDate, chinaToday, addDays, daysInMonth } from './calendar-date';
