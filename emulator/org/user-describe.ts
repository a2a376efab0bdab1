/**
 * The describe of `User` the emulator serves when the loaded describes have
 * none, so the running user's record (and `Owner.Name`, `CreatedBy.Name`) has
 * a type. Written from the platform's User field list: the fields a client
 * reads about a user, with their real names, types, lengths and flags. It is
 * read-only here (`createable`, `updateable`, `deletable` false): the emulator
 * has one user, the one every session runs as.
 */

type Json = Record<string, unknown>;

/** Every key a field describe has, at the value most fields take. */
const FIELD_DEFAULTS: Json = {
  aggregatable: true,
  aiPredictionField: false,
  autoNumber: false,
  byteLength: 0,
  calculated: false,
  calculatedFormula: null,
  cascadeDelete: false,
  caseSensitive: false,
  compoundFieldName: null,
  controllerName: null,
  createable: false,
  custom: false,
  defaultValue: null,
  defaultValueFormula: null,
  defaultedOnCreate: false,
  dependentPicklist: false,
  deprecatedAndHidden: false,
  digits: 0,
  displayLocationInDecimal: false,
  encrypted: false,
  externalId: false,
  extraTypeInfo: null,
  filterable: true,
  filteredLookupInfo: null,
  formulaTreatNullNumberAsZero: false,
  groupable: true,
  highScaleNumber: false,
  htmlFormatted: false,
  idLookup: false,
  inlineHelpText: null,
  length: 0,
  mask: null,
  maskType: null,
  nameField: false,
  namePointing: false,
  nillable: true,
  permissionable: false,
  picklistValues: [],
  polymorphicForeignKey: false,
  precision: 0,
  queryByDistance: false,
  referenceTargetField: null,
  referenceTo: [],
  relationshipName: null,
  relationshipOrder: null,
  restrictedDelete: false,
  restrictedPicklist: false,
  scale: 0,
  searchPrefilterable: false,
  sortable: true,
  unique: false,
  updateable: false,
  writeRequiresMasterRead: false,
};

const SOAP_TYPES: Readonly<Record<string, string>> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
};

function field(name: string, label: string, type: string, extra: Json = {}): Json {
  const length = typeof extra.length === 'number' ? extra.length : 0;
  return {
    ...FIELD_DEFAULTS,
    name,
    label,
    type,
    soapType: SOAP_TYPES[type] ?? 'xsd:string',
    byteLength: length * 3,
    ...extra,
  };
}

const text = (name: string, label: string, length: number, extra: Json = {}) =>
  field(name, label, 'string', { length, ...extra });

const userRef = (name: string, label: string, relationshipName: string) =>
  field(name, label, 'reference', {
    length: 18,
    byteLength: 18,
    referenceTo: ['User'],
    relationshipName,
  });

const stamp = (name: string, label: string) =>
  field(name, label, 'datetime', { nillable: false, defaultedOnCreate: true });

const picklist = (name: string, label: string, values: readonly string[]) =>
  field(name, label, 'picklist', {
    length: 40,
    nillable: false,
    restrictedPicklist: true,
    picklistValues: values.map((value, index) => ({
      active: true,
      defaultValue: index === 0,
      label: value,
      validFor: null,
      value,
    })),
  });

const FIELDS: readonly Json[] = [
  field('Id', 'User ID', 'id', {
    length: 18,
    byteLength: 18,
    nillable: false,
    defaultedOnCreate: true,
    idLookup: true,
  }),
  text('Username', 'Username', 80, {
    nillable: false,
    unique: true,
    idLookup: true,
  }),
  text('LastName', 'Last Name', 80, { nillable: false }),
  text('FirstName', 'First Name', 40),
  text('Name', 'Full Name', 121, { nameField: true }),
  text('CompanyName', 'Company Name', 80),
  text('Division', 'Division', 80),
  text('Department', 'Department', 80),
  text('Title', 'Title', 80),
  field('Email', 'Email', 'email', { length: 128, byteLength: 384, nillable: false }),
  text('Alias', 'Alias', 8, { nillable: false }),
  text('CommunityNickname', 'Nickname', 40, { idLookup: true }),
  field('IsActive', 'Active', 'boolean', {
    nillable: false,
    defaultedOnCreate: true,
    groupable: true,
  }),
  picklist('TimeZoneSidKey', 'Time Zone', ['GMT', 'America/Los_Angeles', 'Europe/London']),
  field('UserRoleId', 'Role ID', 'reference', {
    length: 18,
    byteLength: 18,
    referenceTo: ['UserRole'],
    relationshipName: 'UserRole',
  }),
  picklist('LocaleSidKey', 'Locale', ['en_US', 'en_GB', 'fr_FR', 'de_DE']),
  picklist('EmailEncodingKey', 'Email Encoding', ['UTF-8', 'ISO-8859-1']),
  field('ProfileId', 'Profile ID', 'reference', {
    length: 18,
    byteLength: 18,
    nillable: false,
    referenceTo: ['Profile'],
    relationshipName: 'Profile',
  }),
  picklist('UserType', 'User Type', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest']),
  picklist('LanguageLocaleKey', 'Language', ['en_US', 'de', 'fr', 'ja']),
  text('EmployeeNumber', 'Employee Number', 20),
  userRef('ManagerId', 'Manager ID', 'Manager'),
  field('Phone', 'Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'Mobile', 'phone', { length: 40 }),
  text('FederationIdentifier', 'SAML Federation ID', 512, { idLookup: true }),
  field('SmallPhotoUrl', 'Photo', 'url', { length: 1024, calculated: true }),
  field('FullPhotoUrl', 'Url for full-sized Photo', 'url', { length: 1024, calculated: true }),
  field('LastLoginDate', 'Last Login', 'datetime'),
  stamp('CreatedDate', 'Created Date'),
  userRef('CreatedById', 'Created By ID', 'CreatedBy'),
  stamp('LastModifiedDate', 'Last Modified Date'),
  userRef('LastModifiedById', 'Last Modified By ID', 'LastModifiedBy'),
  stamp('SystemModstamp', 'System Modstamp'),
  field('LastViewedDate', 'Last Viewed Date', 'datetime'),
  field('LastReferencedDate', 'Last Referenced Date', 'datetime'),
];

/**
 * @internal The shipped `User` describe, as `/sobjects/User/describe` serves it.
 *
 * @example
 * userDescribe().keyPrefix; // '005'
 */
export function userDescribe(): Json {
  return {
    actionOverrides: [],
    activateable: false,
    childRelationships: [],
    compactLayoutable: true,
    createable: false,
    custom: false,
    customSetting: false,
    deepCloneable: false,
    deletable: false,
    deprecatedAndHidden: false,
    feedEnabled: true,
    fields: FIELDS.map((f) => ({ ...f })),
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: '005',
    label: 'User',
    labelPlural: 'Users',
    layoutable: true,
    mergeable: false,
    mruEnabled: true,
    name: 'User',
    // The platform's User has one named layout, the compact user card.
    namedLayoutInfos: [{ name: 'UserAlt', urls: {} }],
    queryable: true,
    recordTypeInfos: [],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: true,
    supportedScopes: [
      { label: 'All users', name: 'everything' },
      { label: 'My team', name: 'team' },
    ],
    triggerable: true,
    undeletable: false,
    updateable: false,
    urls: {},
  };
}
