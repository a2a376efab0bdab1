/**
 * The emulator's clock: real time shifted by an offset that tests set or
 * advance, and the stamps of writes, strictly increasing even within one
 * millisecond (a later write always gets a later `SystemModstamp`).
 */

/** The clock on the emulator handle. */
export interface EmulatorClock {
  /** Milliseconds since the epoch, as the emulated org sees them. */
  now(): number;
  /** Makes the org's time `ms` from now on (it keeps running). */
  set(ms: number): void;
  /** Moves the org's time forward (or back, with a negative value). */
  advance(ms: number): void;
}

/** @internal */
export class OrgClock implements EmulatorClock {
  #offset = 0;
  #lastStamp = Number.NEGATIVE_INFINITY;

  now(): number {
    return Date.now() + this.#offset;
  }

  set(ms: number): void {
    this.#offset = ms - Date.now();
  }

  advance(ms: number): void {
    this.#offset += ms;
  }

  /** The time of a write: now, or one millisecond after the previous write if that is later. */
  stamp(): number {
    this.#lastStamp = Math.max(this.now(), this.#lastStamp + 1);
    return this.#lastStamp;
  }
}

/**
 * A date-time in the platform's form.
 *
 * @example
 * formatDateTime(0); // '1970-01-01T00:00:00.000+0000'
 */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * Parses a date-time as the API accepts it (`Z`, `+0000`, `+hh:mm`, or a bare
 * date), or undefined.
 */
export function parseDateTime(text: string): number | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (match === null) return undefined;
  const [, date, time = '00:00:00', zone = 'Z'] = match;
  const normalisedZone = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}${normalisedZone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
