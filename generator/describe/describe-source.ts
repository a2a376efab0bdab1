/**
 * Where describes come from. A source hands back the raw JSON of each describe
 * with its origin (a file path or a URL) so that the parser can name it in errors;
 * validation happens in one place, the describe parser, whatever the source.
 */

/** One describe as fetched or read, not yet validated. */
export interface RawDescribe {
  /** Where it came from, for error messages: a file path or a request URL. */
  readonly origin: string;
  /** The sObject name the source was asked for. */
  readonly name: string;
  readonly json: unknown;
}

/** Progress of a describe run, for a progress bar. */
export interface DescribeProgress {
  readonly done: number;
  readonly total: number;
  readonly name: string;
  /** The describe just fetched, when the source hands it over (the disk cache writes it at once). */
  readonly describe?: RawDescribe;
}

/**
 * A provider of sObject describes: a folder of saved JSON files, or a live org.
 *
 * @example
 * const source = fileDescribeSource('samples/describes');
 * const names = await source.listSObjectNames();
 * const describes = await source.describe(['Account', 'Contact']);
 */
export interface DescribeSource {
  /** Human-readable description for messages, e.g. `describes in samples/describes`. */
  readonly description: string;
  /** Every sObject name the source can describe (the global describe, or the files present). */
  listSObjectNames(): Promise<readonly string[]>;
  /** Describes of the given objects, in the order asked. */
  describe(
    names: readonly string[],
    onProgress?: (progress: DescribeProgress) => void,
  ): Promise<readonly RawDescribe[]>;
  /**
   * Optional: what `each` makes of every describe, in the order asked, `each`
   * called as each describe arrives, so the raw JSON can be collected at once
   * (a describe is large; holding them all makes the GC the main cost). What
   * `each` throws is thrown once every describe has arrived, the first in the
   * order asked, as `describe(names).map(each)` would.
   */
  describeEach?<T>(
    names: readonly string[],
    each: (raw: RawDescribe) => T,
    onProgress?: (progress: DescribeProgress) => void,
  ): Promise<T[]>;
}
