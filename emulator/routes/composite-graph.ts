/**
 * `POST …/composite/graph`: graphs of composite sub-requests (nodes), each
 * graph all or none in its own transaction, nodes referring to earlier nodes
 * of the same graph with `@{ref.path}` as in `/composite`. Nodes may only be
 * record operations (`POST …/sobjects/{T}`, `GET|PATCH|DELETE
 * …/sobjects/{T}/{id}`, and by external id); at most 75 graphs, 500 nodes in
 * all, and a chain of references at most 15 deep. Once more than 14 graphs
 * have failed, the rest are not run (their nodes answer `PROCESSING_HALTED`).
 */
import { json, jsonBody, sfError } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import {
  runSubRequests,
  type SubRequest,
  type SubResponse,
  type SubResponseBody,
  subRequestsProblem,
} from './composite.js';

const MAX_GRAPHS = 75;
const MAX_NODES = 500;
const MAX_DEPTH = 15;
const MAX_FAILED_GRAPHS = 14;
const GRAPH_ID = /^[A-Za-z0-9][A-Za-z0-9_]{0,39}$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)\./g;

type Json = Record<string, unknown>;

/** The record resources a node may call, by method: `sobjects/{T}`, `…/{id}`, `…/{field}/{value}`. */
const NODE_ROUTES: readonly { readonly methods: readonly string[]; readonly path: RegExp }[] = [
  { methods: ['POST'], path: /^\/services\/data\/v\d+\.\d\/sobjects\/[^/]+\/?$/ },
  {
    methods: ['GET', 'PATCH', 'DELETE'],
    path: /^\/services\/data\/v\d+\.\d\/sobjects\/[^/]+\/[^/]+\/?$/,
  },
  {
    methods: ['GET', 'PATCH', 'DELETE'],
    path: /^\/services\/data\/v\d+\.\d\/sobjects\/[^/]+\/[^/]+\/[^/]+\/?$/,
  },
];

function refuseNonRecordNode(method: string, path: string): SubResponseBody | undefined {
  const allowed = NODE_ROUTES.some(
    (route) => route.methods.includes(method) && route.path.test(path),
  );
  return allowed
    ? undefined
    : [
        {
          errorCode: 'INVALID_INPUT',
          message: `${method} ${path} is not supported in a composite graph: nodes must be sObject record operations`,
        },
      ];
}

/** The longest chain of `@{ref…}` references in a graph, counting the nodes on it. */
function depthOf(nodes: readonly SubRequest[]): number {
  const depths = new Map<string, number>();
  let deepest = 0;
  for (const node of nodes) {
    let depth = 1;
    for (const [, ref] of JSON.stringify([node.url, node.body]).matchAll(REFERENCE)) {
      depth = Math.max(depth, (depths.get(ref as string) ?? 0) + 1);
    }
    depths.set(node.referenceId as string, depth);
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function requestProblem(graphs: unknown) {
  if (!Array.isArray(graphs) || graphs.length === 0) {
    return sfError(400, 'INVALID_INPUT', 'graphs must be a non-empty array');
  }
  if (graphs.length > MAX_GRAPHS) {
    return sfError(400, 'LIMIT_EXCEEDED', `Exceeded max size limit of ${MAX_GRAPHS} graphs`);
  }
  const ids = new Set<string>();
  let nodes = 0;
  for (const graph of graphs as Json[]) {
    const id = graph?.graphId;
    if (typeof id !== 'string' || !GRAPH_ID.test(id)) {
      return sfError(
        400,
        'INVALID_INPUT',
        `Invalid graphId: ${JSON.stringify(id ?? null)}; it must start with a letter or digit, hold only letters, digits and _, and have at most 40 characters`,
      );
    }
    if (ids.has(id)) return sfError(400, 'INVALID_INPUT', `Duplicate graphId: ${id}`);
    ids.add(id);
    const problem = subRequestsProblem(graph.compositeRequest, MAX_NODES, 'nodes');
    if (problem !== undefined) return problem;
    const subs = graph.compositeRequest as SubRequest[];
    nodes += subs.length;
    if (depthOf(subs) > MAX_DEPTH) {
      return sfError(
        400,
        'LIMIT_EXCEEDED',
        `Graph ${id} is deeper than the limit of ${MAX_DEPTH} levels`,
      );
    }
  }
  if (nodes > MAX_NODES) {
    return sfError(400, 'LIMIT_EXCEEDED', `Exceeded max size limit of ${MAX_NODES} nodes`);
  }
  return undefined;
}

function haltedGraph(subs: readonly SubRequest[]): SubResponse[] {
  return subs.map((sub) => ({
    body: [
      {
        errorCode: 'PROCESSING_HALTED',
        message: `Processing halted: more than ${MAX_FAILED_GRAPHS} graphs of the request failed`,
      },
    ],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId: sub.referenceId as string,
  }));
}

function graph(context: RouteContext) {
  const body = jsonBody(context.request) as Json;
  const graphs = body?.graphs;
  const problem = requestProblem(graphs);
  if (problem !== undefined) return problem;
  let failures = 0;
  const answers = (graphs as Json[]).map((graph) => {
    const subs = graph.compositeRequest as SubRequest[];
    const compositeResponse =
      failures > MAX_FAILED_GRAPHS
        ? haltedGraph(subs)
        : runSubRequests(context, subs, true, refuseNonRecordNode);
    const isSuccessful = compositeResponse.every((response) => response.httpStatusCode < 400);
    if (!isSuccessful) failures += 1;
    return { graphId: graph.graphId, graphResponse: { compositeResponse }, isSuccessful };
  });
  return json(200, { graphs: answers });
}

/** @internal */
export const compositeGraphRoutes: readonly Route[] = [
  { method: 'POST', path: '/services/data/:version/composite/graph', auth: true, handle: graph },
];
