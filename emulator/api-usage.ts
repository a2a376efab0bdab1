/**
 * The org's daily API request allocation: every counted call (one per HTTP
 * request to the data API, a composite call once) over a rolling 24 hours of
 * the org's clock, kept as one count per hour so that the cost per request is
 * a few additions and advancing the clock by a day gives the allocation back.
 */

/** A Developer Edition org's allocation per 24 hours. */
export const DEFAULT_DAILY_API_LIMIT = 15_000;

const HOUR_MS = 3_600_000;
const HOURS = 24;

/** The API usage on the emulator handle, for tests. */
export interface EmulatorApiUsage {
  /** Calls counted in the last 24 hours of the org's clock. */
  readonly used: number;
  /** The allocation: past it, calls answer 403 `REQUEST_LIMIT_EXCEEDED`. */
  readonly limit: number;
  /** Makes the usage `used` calls, as if made in the current hour (e.g. near the limit). */
  set(used: number): void;
  /** Forgets every counted call. */
  reset(): void;
}

/** @internal */
export class ApiUsage implements EmulatorApiUsage {
  readonly #counts = new Array<number>(HOURS).fill(0);
  /** The hour (since the epoch) `#counts[hour % 24]` counts. */
  #hour = Number.NEGATIVE_INFINITY;
  #used = 0;

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  get used(): number {
    this.#roll(this.now());
    return this.#used;
  }

  /** Counts one call if the allocation has room; false (nothing counted) when it is used up. */
  take(): boolean {
    this.#roll(this.now());
    if (this.#used >= this.limit) return false;
    this.#used += 1;
    this.#counts[this.#hour % HOURS] = (this.#counts[this.#hour % HOURS] as number) + 1;
    return true;
  }

  /** The `Sforce-Limit-Info` header value, e.g. `api-usage=18/15000`. */
  header(): string {
    return `api-usage=${this.#used}/${this.limit}`;
  }

  set(used: number): void {
    if (!Number.isSafeInteger(used) || used < 0) {
      throw new RangeError(`API usage must be a whole number >= 0, got ${used}`);
    }
    this.reset();
    this.#roll(this.now());
    this.#counts[this.#hour % HOURS] = used;
    this.#used = used;
  }

  reset(): void {
    this.#counts.fill(0);
    this.#used = 0;
  }

  /** Drops the hours that fell out of the window; a clock set back keeps counting in the newest hour. */
  #roll(now: number): void {
    const hour = Math.floor(now / HOUR_MS);
    if (hour <= this.#hour) return;
    const expired = Math.min(hour - this.#hour, HOURS);
    for (let step = 1; step <= expired; step += 1) {
      const slot = (hour - expired + step) % HOURS;
      this.#used -= this.#counts[slot] as number;
      this.#counts[slot] = 0;
    }
    this.#hour = hour;
  }
}
