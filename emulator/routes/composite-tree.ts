/**
 * `POST …/composite/tree/{T}` (sObject Tree): creates trees of records whose
 * roots are of type T and whose children sit under a child relationship name
 * (`Contacts: { records: [...] }`), each record named by a unique
 * `attributes.referenceId`; at most 200 records, 5 levels and 5 types.
 * Records are created level by level (all roots, then all second-level
 * records, …), each child pointed at its parent, all or none: when any record
 * fails nothing is kept and the answer (400) lists every failed record's
 * errors; on success (201) the answer lists every record's id in the order
 * created. An unknown field rejects the whole request with `INVALID_FIELD`,
 * as the platform does when it reads the body.
 */
import { json, jsonBody, notFound, ReplyError, sfError } from '../http.js';
import { OrgWriteError } from '../org/records.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';

const MAX_RECORDS = 200;
const MAX_LEVELS = 5;
const MAX_TYPES = 5;
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;

/** One record of the request, placed in its tree. */
interface TreeNode {
  readonly type: TypeSchema | undefined;
  /** What was asked for in `attributes.type` (or the relationship's type). */
  readonly typeName: string;
  readonly referenceId: string;
  readonly fields: Json;
  readonly level: number;
  readonly parent: { readonly node: TreeNode; readonly field: string } | undefined;
  /** A problem found before any write (bad attributes), reported like a failed save. */
  readonly problem: TreeError | undefined;
}

interface TreeError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

interface TreeResult {
  readonly referenceId: string;
  readonly errors: readonly TreeError[];
}

function limitExceeded(message: string): ReplyError {
  return new ReplyError(sfError(400, 'LIMIT_EXCEEDED', message));
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of a request in breadth-first order (the order they are created in). */
function flatten(context: RouteContext, root: TypeSchema, records: readonly unknown[]): TreeNode[] {
  const schema = context.state.org.schema;
  const levels: TreeNode[][] = [];
  const visit = (
    input: unknown,
    level: number,
    expected: TypeSchema | undefined,
    expectedName: string,
    parent: TreeNode['parent'],
  ) => {
    if (level > MAX_LEVELS) {
      throw limitExceeded(`An sObject tree can be at most ${MAX_LEVELS} levels deep`);
    }
    const record = isRecord(input) ? input : {};
    const attributes = isRecord(record.attributes) ? record.attributes : {};
    const referenceId = typeof attributes.referenceId === 'string' ? attributes.referenceId : '';
    const typeName = typeof attributes.type === 'string' ? attributes.type : expectedName;
    let problem: TreeError | undefined;
    if (!REFERENCE_ID.test(referenceId)) {
      problem = {
        statusCode: 'INVALID_INPUT',
        message: `Invalid referenceId: ${JSON.stringify(attributes.referenceId ?? null)}; it must start with a letter or digit and hold only letters, digits and _`,
        fields: [],
      };
    } else if (expected === undefined || schema.type(typeName)?.name !== expected.name) {
      problem = {
        statusCode: 'INVALID_INPUT',
        message: `Invalid entity type provided in the request: ${typeName}`,
        fields: [],
      };
    }
    const fields: Json = {};
    const children: [unknown[], TypeSchema | undefined, string, string][] = [];
    for (const [key, value] of Object.entries(record)) {
      if (key === 'attributes') continue;
      const relationship = expected?.childRelationship(key);
      if (relationship !== undefined && isRecord(value) && Array.isArray(value.records)) {
        children.push([
          value.records,
          schema.type(relationship.childType),
          relationship.childType,
          relationship.field,
        ]);
      } else {
        fields[key] = value;
      }
    }
    const node: TreeNode = {
      type: expected,
      typeName,
      referenceId,
      fields,
      level,
      parent,
      problem,
    };
    const row = levels[level - 1] ?? [];
    levels[level - 1] = row;
    row.push(node);
    for (const [childRecords, childType, childName, field] of children) {
      for (const child of childRecords) {
        visit(child, level + 1, childType, childName, { node, field });
      }
    }
  };
  for (const record of records) visit(record, 1, root, root.name, undefined);
  return levels.flat();
}

function checkLimits(nodes: readonly TreeNode[]): void {
  if (nodes.length > MAX_RECORDS) {
    throw limitExceeded(`An sObject tree request can create at most ${MAX_RECORDS} records`);
  }
  const types = new Set(nodes.map((node) => node.type?.name ?? node.typeName.toLowerCase()));
  if (types.size > MAX_TYPES) {
    throw limitExceeded(`An sObject tree request can hold records of at most ${MAX_TYPES} types`);
  }
}

/** Errors for every use of a referenceId given more than once, as the platform lists them. */
function duplicates(nodes: readonly TreeNode[]): TreeResult[] {
  const counts = new Map<string, number>();
  for (const node of nodes) counts.set(node.referenceId, (counts.get(node.referenceId) ?? 0) + 1);
  return nodes
    .filter((node) => node.problem === undefined && (counts.get(node.referenceId) ?? 0) > 1)
    .map((node) => ({
      referenceId: node.referenceId,
      errors: [
        {
          statusCode: 'INVALID_INPUT',
          message: `Duplicate ReferenceId provided in the request: ${node.referenceId}`,
          fields: [],
        },
      ],
    }));
}

function tree(context: RouteContext) {
  const { state, params, request } = context;
  const root = state.org.schema.type(params.type as string);
  if (root === undefined) return notFound();
  const body = jsonBody(request);
  const records = isRecord(body) ? body.records : undefined;
  if (!Array.isArray(records) || records.length === 0) {
    return sfError(400, 'INVALID_INPUT', 'records must be a non-empty array');
  }
  const nodes = flatten(context, root, records);
  checkLimits(nodes);
  const invalid: TreeResult[] = [
    ...nodes
      .filter((node) => node.problem !== undefined)
      .map((node) => ({ referenceId: node.referenceId, errors: [node.problem as TreeError] })),
    ...duplicates(nodes),
  ];
  if (invalid.length > 0) return json(400, { hasErrors: true, results: invalid });
  return state.org.transaction((rollback) => {
    const ids = new Map<TreeNode, string>();
    const created: { referenceId: string; id: string }[] = [];
    const failed: TreeResult[] = [];
    for (const node of nodes) {
      const type = node.type as TypeSchema;
      const parentId = node.parent === undefined ? undefined : ids.get(node.parent.node);
      if (node.parent !== undefined && parentId === undefined) continue;
      const fields =
        node.parent === undefined ? node.fields : { ...node.fields, [node.parent.field]: parentId };
      try {
        const id = state.org.insert(type.name, fields);
        ids.set(node, id);
        created.push({ referenceId: node.referenceId, id });
      } catch (error) {
        // An unknown field fails the request as a whole, before anything is saved.
        if (!(error instanceof OrgWriteError) || error.errorCode === 'INVALID_FIELD') throw error;
        failed.push({
          referenceId: node.referenceId,
          errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }],
        });
      }
    }
    if (failed.length > 0) {
      rollback();
      return json(400, { hasErrors: true, results: failed });
    }
    return json(201, { hasErrors: false, results: created });
  });
}

/** @internal */
export const compositeTreeRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/services/data/:version/composite/tree/:type',
    auth: true,
    handle: tree,
  },
];
