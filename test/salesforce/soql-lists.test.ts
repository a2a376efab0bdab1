import { describe, expect, it } from 'vitest';
import { splitTopLevelCommas } from '../../salesforce/soql-lists.js';

describe(splitTopLevelCommas.name, () => {
  it('splits at the commas outside parentheses, keeping each part as written', () => {
    expect(splitTopLevelCommas('Id, (SELECT Id, Name FROM Contacts), Name')).toEqual([
      'Id',
      ' (SELECT Id, Name FROM Contacts)',
      ' Name',
    ]);
    expect(splitTopLevelCommas('Account(Id, Name), Contact')).toEqual([
      'Account(Id, Name)',
      ' Contact',
    ]);
  });

  it('drops a blank last part but keeps a blank inner one', () => {
    expect(splitTopLevelCommas('Id, Name, ')).toEqual(['Id', ' Name']);
    expect(splitTopLevelCommas('Id,,Name')).toEqual(['Id', '', 'Name']);
    expect(splitTopLevelCommas('')).toEqual([]);
  });
});
