export {
  validateInstrumentInput,
  instrumentInput,
  INSTRUMENT_LIMITS,
  type InstrumentInputResult,
  type ValidateInstrumentOptions,
} from './validate-instrument-input';
export { isCalendarDate, formatCalendarDate, chinaToday, addDays, daysInMonth } from './calendar-date';
