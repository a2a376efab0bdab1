import { describe, expect, it } from 'vitest';
import {
  idsSoql,
  incrementalSoql,
  isSortedByModificationDate,
  normalizeSoql,
  splitSoql,
} from '../../../../runtime/sync/down/soql-query.js';

describe('the soql target query', () => {
  it('adds the id and modification date and orders by it, as the SDK does', () => {
    expect(normalizeSoql('select FirstName, LastName from Contact', 'Id', 'LastModifiedDate')).toBe(
      'select Id,LastModifiedDate,FirstName, LastName from Contact order by LastModifiedDate',
    );
    expect(
      normalizeSoql('SELECT Description FROM Account LIMIT 1000', 'Id', 'LastModifiedDate'),
    ).toBe(
      'select Id,LastModifiedDate,Description from Account order by LastModifiedDate limit 1000',
    );
    const complete = 'SELECT Id, LastModifiedDate FROM Account ORDER BY Name';
    expect(normalizeSoql(complete, 'Id', 'LastModifiedDate')).toBe(complete);
    expect(isSortedByModificationDate(complete, 'LastModifiedDate')).toBe(false);
    expect(
      isSortedByModificationDate(
        'select Id from A order by LastModifiedDate desc',
        'LastModifiedDate',
      ),
    ).toBe(true);
  });

  it('ignores keywords inside strings and sub-queries', () => {
    const query =
      "SELECT Name, (SELECT Id FROM Contacts WHERE LastName = 'x') FROM Account WHERE Name = 'order by from where'";
    expect(splitSoql(query)).toEqual({
      select: "Name, (SELECT Id FROM Contacts WHERE LastName = 'x')",
      from: 'Account',
      where: "Name = 'order by from where'",
    });
  });

  it('keeps the user filter whole in an incremental run (the SDK does not parenthesise it)', () => {
    const ts = Date.UTC(2024, 2, 1, 12);
    expect(
      incrementalSoql(
        "select Id from Account where Industry = 'A' or Industry = 'B' order by LastModifiedDate limit 10",
        'LastModifiedDate',
        ts,
      ),
    ).toBe(
      "select Id from Account where LastModifiedDate > 2024-03-01T12:00:00.000+0000 and (Industry = 'A' or Industry = 'B') order by LastModifiedDate limit 10",
    );
    expect(incrementalSoql('select Id from Account', 'SystemModstamp', ts)).toBe(
      'select Id from Account where SystemModstamp > 2024-03-01T12:00:00.000+0000',
    );
  });

  it('asks only for ids when cleaning ghosts', () => {
    expect(
      idsSoql(
        "SELECT Id, Name FROM Account WHERE Name = 'James Bond' ORDER BY LastModifiedDate",
        'Id',
      ),
    ).toBe("select Id from Account where Name = 'James Bond'");
  });
});
