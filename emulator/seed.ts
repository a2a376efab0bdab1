/**
 * Seed records for a demo or test org: a JSON file (or object) mapping sObject
 * types to arrays of records, inserted in the file's order through the same
 * validation as the REST API. A record may name itself with `"@ref": "acme"`,
 * and a later value `"@acme"` becomes that record's id, so children can point
 * at their parents:
 *
 *     { "Account": [{ "@ref": "acme", "Name": "Acme" }],
 *       "Contact": [{ "LastName": "Doe", "AccountId": "@acme" }] }
 */
import { readFile } from 'node:fs/promises';
import { EmulatorError } from './errors.js';
import { type OrgData, OrgWriteError } from './org/records.js';

/** Seed records: a file path, or the parsed content. */
export type SeedRecordsInput =
  | string
  | Readonly<Record<string, readonly Record<string, unknown>[]>>;

const REF_KEY = '@ref';

/** @internal Inserts the seed records; returns the ids by `@ref` name. */
export async function seedRecords(
  org: OrgData,
  input: SeedRecordsInput,
): Promise<Map<string, string>> {
  const origin = typeof input === 'string' ? input : 'options.records';
  let seed: unknown = input;
  if (typeof input === 'string') {
    try {
      seed = JSON.parse(await readFile(input, 'utf8'));
    } catch (cause) {
      throw new EmulatorError(
        'EMULATOR_BAD_RECORDS',
        `${input}: cannot read the seed records (${(cause as Error).message})`,
        { cause },
      );
    }
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
    throw new EmulatorError(
      'EMULATOR_BAD_RECORDS',
      `${origin}: seed records must map sObject types to arrays of records`,
    );
  }
  const refs = new Map<string, string>();
  for (const [type, records] of Object.entries(seed)) {
    if (!Array.isArray(records)) {
      throw new EmulatorError(
        'EMULATOR_BAD_RECORDS',
        `${origin}: "${type}" must be an array of records`,
      );
    }
    records.forEach((record: Record<string, unknown>, index: number) => {
      const where = `${origin}: ${type}[${index}]`;
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record ?? {})) {
        if (key === REF_KEY) continue;
        if (typeof value === 'string' && value.startsWith('@') && value.length > 1) {
          const id = refs.get(value.slice(1));
          if (id === undefined) {
            throw new EmulatorError(
              'EMULATOR_BAD_RECORDS',
              `${where}.${key}: no earlier record has "@ref": "${value.slice(1)}"`,
            );
          }
          fields[key] = id;
        } else fields[key] = value;
      }
      try {
        const id = org.insert(type, fields);
        if (typeof record[REF_KEY] === 'string') refs.set(record[REF_KEY] as string, id);
      } catch (error) {
        if (error instanceof OrgWriteError) {
          throw new EmulatorError(
            'EMULATOR_BAD_RECORDS',
            `${where}: ${error.errorCode}: ${error.message}`,
            { cause: error },
          );
        }
        throw error;
      }
    });
  }
  return refs;
}
