/**
 * Time as the measures count it: calendar dates in China (UTC+8, no DST).
 * Injected so rules that depend on "today" are testable.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's date in China, YYYY-MM-DD. */
  today(): string {
    return chinaDate(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }
  now(): Date {
    return this.instant;
  }
  set(instant: Date): void {
    this.instant = instant;
  }
}

export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
