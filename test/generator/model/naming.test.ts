import { describe, expect, it } from 'vitest';
import {
  bindSoupFunctionName,
  camelName,
  createTypeName,
  DocText,
  doc,
  docText,
  importSpecifier,
  picklistTypeName,
  propertyKey,
  recordTypeName,
  soupConstName,
  stringLiteral,
  syncConstName,
  syncName,
} from '../../../generator/model/naming.js';

describe('naming', () => {
  it('keeps API names as type names and derives the others', () => {
    expect(recordTypeName('Account')).toBe('Account');
    expect(recordTypeName('Invoice__c')).toBe('Invoice__c');
    expect(createTypeName('Invoice__c')).toBe('Invoice__cCreate');
    expect(picklistTypeName('Account', 'Industry')).toBe('Account$Industry');
    expect(soupConstName('Account')).toBe('accountSoup');
    expect(bindSoupFunctionName('Account')).toBe('bindAccountSoup');
    expect(syncConstName('Opportunity', 'syncUp')).toBe('opportunitySyncUp');
    expect(syncName('syncDown', 'invoices')).toBe('syncDownInvoices');
  });

  it('lowers a leading run of capitals as one word', () => {
    expect(camelName('URLRecord__c')).toBe('urlRecord__c');
    expect(camelName('CSV__c')).toBe('csv__c');
    expect(camelName('Contact')).toBe('contact');
  });

  it('quotes property names that are not identifiers instead of mangling them', () => {
    expect(propertyKey('Name')).toBe('Name');
    expect(propertyKey('$Meta')).toBe('$Meta');
    expect(propertyKey('Ship-To')).toBe("'Ship-To'");
    expect(propertyKey('1stField')).toBe("'1stField'");
  });

  it('escapes string literals for TypeScript', () => {
    expect(stringLiteral('plain')).toBe("'plain'");
    expect(stringLiteral("Won't")).toBe('"Won\'t"');
    expect(stringLiteral(`it's "quoted"`)).toBe(`'it\\'s "quoted"'`);
    expect(stringLiteral('back\\slash')).toBe("'back\\\\slash'");
    expect(stringLiteral('line\nbreak\ttab')).toBe("'line\\nbreak\\ttab'");
    expect(stringLiteral('sep\u2028arator')).toBe("'sep\\u2028arator'");
    expect(stringLiteral('Überweisung – 30+ 日')).toBe("'Überweisung – 30+ 日'");
    for (const value of ["a'b", 'a"b', 'a\\b', '\u0000', 'x\r\ny', '\u{1F600}']) {
      // The literal reads back as the same string.
      expect(new Function(`return ${stringLiteral(value)};`)()).toBe(value);
    }
  });

  it('makes relative import specifiers with .js suffixes', () => {
    expect(importSpecifier('soups/Account.ts', 'sobjects/Account.ts')).toBe(
      '../sobjects/Account.js',
    );
    expect(importSpecifier('sobjects/Opportunity.ts', 'sobjects/Account.ts')).toBe('./Account.js');
    expect(importSpecifier('index.ts', 'soups/Account.ts')).toBe('./soups/Account.js');
  });

  it('keeps doc text from closing its comment', () => {
    expect(docText('a */ b').text).toBe('a *\\/ b');
    expect(docText('@param x\r\nmore').text).toBe('\\@param x\nmore');
  });

  it('escapes what a doc template interpolates, never its own text', () => {
    const soupName = 'invoices*/ console.log("INJECTED"); /*';
    expect(doc`Soup \`${soupName}\`.\n@example\nx`.text).toBe(
      'Soup `invoices*\\/ console.log("INJECTED"); /*`.\n@example\nx',
    );
    expect(doc`${'@see'} and ${docText('a */')}`.text).toBe('\\@see and a *\\/');
    expect(() => new DocText('raw', Symbol('DocText') as never)).toThrow(TypeError);
  });
});
