/**
 * The other endpoints the SDK's sync targets call:
 * - `GET …/ui-api/layout/{T}?formFactor=&layoutType=&mode=`: a plausible
 *   layout built from the describe (one section, two columns, the
 *   createable and updateable fields in describe order);
 * - `GET …/connect/briefcase/priming-records?relayToken=&changedAfterTimestamp=`:
 *   the records the briefcase rules given to the emulator choose, by type and
 *   record type, in pages of 2000 ids with a relay token.
 */
import { json, sfError } from '../http.js';
import { parseDateTime } from '../org/clock.js';
import type { Route, RouteContext } from '../router.js';
import { evaluateSoql } from '../soql/evaluate.js';
import { parseSoql } from '../soql/parse.js';

const BRIEFCASE_PAGE = 2000;
const MASTER_RECORD_TYPE = '012000000000000AAA';

function layout({ state, params, request }: RouteContext) {
  const type = state.org.schema.type(params.type as string);
  if (type === undefined) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const layoutType = request.query.get('layoutType') ?? 'Full';
  const mode = request.query.get('mode') ?? 'View';
  const fields = type.fields.filter((f) =>
    mode === 'Create' ? f.createable : f.createable || f.updateable,
  );
  const rows = [];
  for (let i = 0; i < fields.length; i += 2) {
    rows.push({
      layoutItems: fields.slice(i, i + 2).map((f) => ({
        editableForNew: f.createable,
        editableForUpdate: f.updateable,
        label: f.label,
        layoutComponents: [{ apiName: f.name, componentType: 'Field', label: f.label }],
        lookupIdApiName: f.type === 'reference' ? f.name : null,
        required: !f.nillable && f.type !== 'boolean',
        sortable: false,
      })),
    });
  }
  return json(200, {
    eTag: `${type.name}-${layoutType}-${mode}`,
    id: `00h${type.keyPrefix}EM0000000AAA`.slice(0, 18),
    layoutType,
    mode,
    objectApiName: type.name,
    recordTypeId: request.query.get('recordTypeId') ?? MASTER_RECORD_TYPE,
    saveOptions: [],
    sections: [
      {
        collapsible: false,
        columns: 2,
        heading: `${type.label} Information`,
        id: `01B${type.keyPrefix}EM0000000AAA`.slice(0, 18),
        layoutSectionId: `01B${type.keyPrefix}EM0000000AAA`.slice(0, 18),
        layoutRows: rows,
        rows: rows.length,
        tabOrder: 'LeftRight',
        useHeading: true,
      },
    ],
  });
}

function primingRecords({ state, params, request }: RouteContext) {
  const changedAfter = request.query.get('changedAfterTimestamp');
  const after =
    changedAfter === null || changedAfter === ''
      ? undefined
      : (parseDateTime(changedAfter) ?? Number(changedAfter));
  const all: { type: string; id: string; systemModstamp: string }[] = [];
  for (const rule of state.briefcaseRules) {
    const text = `SELECT Id, SystemModstamp FROM ${rule.type}${rule.where ? ` WHERE ${rule.where}` : ''} ORDER BY Id`;
    const result = evaluateSoql(parseSoql(text), {
      org: state.org,
      version: params.version as string,
      now: state.clock.now(),
      includeDeleted: false,
      text,
    });
    for (const record of result.records) {
      const stamp = String(record.SystemModstamp);
      const ms = parseDateTime(stamp);
      if (after !== undefined && ms !== undefined && ms <= after) continue;
      all.push({
        type: rule.type,
        id: String(record.Id),
        systemModstamp: stamp.replace('+0000', 'Z'),
      });
    }
  }
  const start = Number(request.query.get('relayToken') ?? '0') || 0;
  const pageItems = all.slice(start, start + BRIEFCASE_PAGE);
  const primingRecords: Record<
    string,
    Record<string, { id: string; systemModstamp: string }[]>
  > = {};
  for (const item of pageItems) {
    primingRecords[item.type] ??= { [MASTER_RECORD_TYPE]: [] };
    primingRecords[item.type]?.[MASTER_RECORD_TYPE]?.push({
      id: item.id,
      systemModstamp: item.systemModstamp,
    });
  }
  const next = start + pageItems.length;
  return json(200, {
    primingRecords,
    relayToken: next < all.length ? String(next) : null,
    ruleErrors: [],
    stats: {
      ruleCountTotal: state.briefcaseRules.length,
      recordCountTotal: all.length,
      ruleCountServed: state.briefcaseRules.length,
      recordCountServed: pageItems.length,
    },
  });
}

/** @internal */
export const uiApiRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/ui-api/layout/:type',
    auth: true,
    handle: layout,
  },
  {
    method: 'GET',
    path: '/services/data/:version/connect/briefcase/priming-records',
    auth: true,
    handle: primingRecords,
  },
];
