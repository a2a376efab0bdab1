/**
 * Layouts, compact layouts and list views through real jsforce, checked for
 * the keys jsforce's own tests rely on and for content built from the describe.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [
      { '@ref': 'b', Name: 'Beta', Phone: '555-0101' },
      { '@ref': 'a', Name: 'Alpha' },
      { '@ref': 'c', Name: 'Gamma' },
    ],
  },
});

type Row = Record<string, unknown>;

interface LayoutItem {
  placeholder: boolean;
  editableForNew: boolean;
  required: boolean;
  layoutComponents: { type: string; value: string; details: { name: string } }[];
}

interface Section {
  heading: string;
  columns: number;
  rows: number;
  parentLayoutId: string;
  layoutRows: { numItems: number; layoutItems: LayoutItem[] }[];
}

function fieldsOf(sections: Section[]): string[] {
  return sections.flatMap((s) =>
    s.layoutRows.flatMap((r) =>
      r.layoutItems.flatMap((i) => i.layoutComponents.map((c) => c.value)),
    ),
  );
}

describe('GET …/sobjects/{T}/describe/layouts', () => {
  it('answers one layout with the describe’s fields, a master record type mapping, and related lists', async () => {
    const result = (await org.connect().sobject('Account').layouts()) as unknown as {
      layouts: (Row & { detailLayoutSections: Section[]; editLayoutSections: Section[] })[];
      recordTypeMappings: Row[];
      recordTypeSelectorRequired: boolean[];
    };
    expect(result.recordTypeSelectorRequired).toEqual([false]);
    expect(result.layouts).toHaveLength(1);
    const [layout] = result.layouts;
    if (layout === undefined) throw new Error('no layout');
    expect(layout.id).toMatch(/^00h[0-9A-Za-z]{15}$/);
    expect(layout.buttonLayoutSection).toEqual({ detailButtons: [] });
    expect(layout.quickActionList).toEqual({ quickActionListItems: [] });
    const [information, system] = layout.detailLayoutSections;
    expect(information?.heading).toBe('Account Information');
    expect(information?.parentLayoutId).toBe(layout.id);
    const detail = fieldsOf(layout.detailLayoutSections);
    expect(detail).toEqual(expect.arrayContaining(['Name', 'Industry', 'Phone', 'OwnerId']));
    expect(detail).not.toContain('Id');
    expect(fieldsOf(system ? [system] : [])).toEqual(['CreatedById', 'LastModifiedById']);
    const name = layout.editLayoutSections[0]?.layoutRows
      .flatMap((r) => r.layoutItems)
      .find((i) => i.layoutComponents[0]?.value === 'Name');
    expect(name).toMatchObject({ required: true, editableForNew: true, placeholder: false });
    expect(name?.layoutComponents[0]).toMatchObject({ type: 'Field', details: { name: 'Name' } });
    for (const s of layout.detailLayoutSections) {
      expect(s.layoutRows).toHaveLength(s.rows);
      for (const row of s.layoutRows) expect(row.layoutItems).toHaveLength(row.numItems);
    }
    const relatedLists = layout.relatedLists as Row[];
    expect(relatedLists.map((r) => r.sobject)).toEqual(expect.arrayContaining(['Contact']));
    expect(result.recordTypeMappings).toEqual([
      expect.objectContaining({
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        layoutId: layout.id,
        defaultRecordTypeMapping: true,
      }),
    ]);
  });

  it('answers the layout of a record type by its id, and 404 for another id', async () => {
    const conn = org.connect();
    const base = `/services/data/v${org.emulator.apiVersion}/sobjects/Account/describe/layouts`;
    const layout = (await conn.request(`${base}/012000000000000AAA`)) as Row;
    expect(layout.detailLayoutSections).toEqual(expect.any(Array));
    await expect(conn.request(`${base}/012000000000009AAA`)).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });
});

describe('GET …/sobjects/{T}/describe/compactLayouts', () => {
  it('answers the system default compact layout led by the name field', async () => {
    const result = await org.connect().sobject('Contact').compactLayouts();
    expect(result.defaultCompactLayoutId).toBeNull();
    expect(result.compactLayouts).toHaveLength(1);
    const [compact] = result.compactLayouts;
    expect(compact).toMatchObject({ name: 'SYSTEM', objectType: 'Contact', actions: [] });
    const fields = ((compact?.fieldItems ?? []) as unknown as LayoutItem[]).map(
      (i) => i.layoutComponents[0]?.value,
    );
    expect(fields[0]).toBe('Name');
    expect(fields.length).toBeGreaterThan(1);
    expect(result.recordTypeCompactLayoutMappings).toEqual([
      expect.objectContaining({ recordTypeId: '012000000000000AAA', compactLayoutName: 'SYSTEM' }),
    ]);
  });
});

describe('list views', () => {
  it('lists All and Recently Viewed, describes them and returns their results', async () => {
    const accounts = org.connect().sobject('Account');
    const { listviews } = (await accounts.listviews()) as unknown as {
      listviews: Row[];
    };
    const version = `v${org.emulator.apiVersion}`;
    expect(listviews.map((v) => [v.label, v.developerName, v.soqlCompatible])).toEqual([
      ['All Accounts', 'AllAccounts', true],
      ['Recently Viewed', 'RecentlyViewedAccounts', true],
    ]);
    const [all, recent] = listviews as [Row, Row];
    expect(all.resultsUrl).toBe(
      `/services/data/${version}/sobjects/Account/listviews/${all.id}/results`,
    );

    const described = (await accounts.listview(all.id as string).describe()) as unknown as Row;
    expect(described).toMatchObject({ id: all.id, sobjectType: 'Account', scope: 'everything' });
    expect(described.query).toMatch(/^SELECT Name, .* FROM Account ORDER BY Name ASC/);

    const results = (await accounts.listview(all.id as string).results()) as unknown as {
      done: boolean;
      size: number;
      records: { columns: { fieldNameOrPath: string; value: string | null }[] }[];
    };
    expect(results.done).toBe(true);
    expect(results.size).toBe(3);
    const names = results.records.map(
      (r) => r.columns.find((c) => c.fieldNameOrPath === 'Name')?.value,
    );
    expect(names).toEqual(['Alpha', 'Beta', 'Gamma']);

    org.emulator.org.markRecentlyViewed('Account', [org.emulator.seedIds.get('c') as string]);
    const viewed = (await accounts.listview(recent.id as string).results()) as unknown as {
      records: { columns: { fieldNameOrPath: string; value: string | null }[] }[];
    };
    expect(
      viewed.records.map((r) => r.columns.find((c) => c.fieldNameOrPath === 'Id')?.value),
    ).toEqual([org.emulator.seedIds.get('c')]);
  });

  it('answers 404 for a list view id it does not have', async () => {
    const conn = org.connect();
    await expect(
      conn.request(
        `/services/data/v${org.emulator.apiVersion}/sobjects/Account/listviews/00B000000000001AAA/results`,
      ),
    ).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('explains a list view as a table scan of its type', async () => {
    const accounts = org.connect().sobject('Account');
    const { listviews } = (await accounts.listviews()) as unknown as {
      listviews: { id: string }[];
    };
    const plan = (await accounts.listview(listviews[0]?.id as string).explain()) as unknown as {
      plans: { leadingOperationType: string; sobjectType: string; sobjectCardinality: number }[];
    };
    expect(plan.plans[0]).toMatchObject({
      leadingOperationType: 'TableScan',
      sobjectType: 'Account',
    });
    expect(plan.plans[0]?.sobjectCardinality).toBe(3);
  });
});

describe('GET …/sobjects/{T}/describe/approvalLayouts', () => {
  it('answers none: the emulated org has no approval processes', async () => {
    const result = await org.connect().sobject('Account').approvalLayouts();
    expect(result.approvalLayouts).toEqual([]);
  });
});

describe('GET …/sobjects/{T}/describe/namedLayouts/{name}', () => {
  it("serves a named layout the describe lists (User's UserAlt), 404 for another name", async () => {
    const conn = org.connect();
    const named = await conn.sobject('User').layouts('UserAlt');
    expect(named.layouts[0]?.detailLayoutSections.length).toBeGreaterThan(0);
    expect(Array.isArray(named.recordTypeMappings)).toBe(true);
    await expect(conn.sobject('Account').layouts('UserAlt')).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });
});
