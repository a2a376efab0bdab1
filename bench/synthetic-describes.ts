/**
 * Synthetic orgs for the generator benches: N objects made by varying the
 * recorded describes in ../shared/fixtures/describes (name, label, key prefix
 * and a rotating subset of fields), written as `<Name>.describe.json`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RECORDED = join(REPO, '..', 'shared', 'fixtures', 'describes');
/** Fields every variant keeps (the generator always keeps Id and LastModifiedDate). */
const KEPT = new Set(['Id', 'Name', 'LastModifiedDate', 'SystemModstamp', 'CreatedDate']);

type Describe = { name: string; label: string; fields: { name: string }[] } & Record<
  string,
  unknown
>;

function recordedDescribes(): Describe[] {
  return readdirSync(RECORDED)
    .filter((file) => file.endsWith('.describe.json') && file !== 'global.describe.json')
    .sort()
    .map((file) => JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as Describe);
}

/** The i-th synthetic object: a recorded describe renamed, with every 7th field (rotating) left out. */
function variant(base: Describe, index: number): Describe {
  const stem = base.name.replace(/__c$/, '');
  const name = `Bench${String(index).padStart(4, '0')}${stem}__c`;
  const fields = base.fields.filter(
    (field, position) => KEPT.has(field.name) || (position + index) % 7 !== 0,
  );
  return {
    ...base,
    name,
    label: `${base.label} ${index}`,
    labelPlural: `${base.label} ${index}s`,
    custom: true,
    keyPrefix: `a${index.toString(36).toUpperCase().padStart(2, '0')}`,
    fields,
  };
}

/**
 * Writes `count` synthetic describes into `dir` (created); returns their total
 * size in bytes and how many fields they hold.
 *
 * @example
 * const { bytes } = writeSyntheticDescribes('/tmp/org/describes', 800);
 */
export function writeSyntheticDescribes(
  dir: string,
  count: number,
): { bytes: number; fields: number } {
  const bases = recordedDescribes();
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  let fields = 0;
  for (let index = 0; index < count; index += 1) {
    const describe = variant(bases[index % bases.length] as Describe, index);
    const text = `${JSON.stringify(describe, null, 2)}\n`;
    bytes += Buffer.byteLength(text);
    fields += describe.fields.length;
    writeFileSync(join(dir, `${describe.name}.describe.json`), text);
  }
  return { bytes, fields };
}
