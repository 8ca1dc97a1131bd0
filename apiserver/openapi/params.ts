/**
 * Query parameters published on operations, by action, with kube's names and types. kubectl
 * apply/edit look for `fieldValidation` on every PATCH operation of a kind before they send
 * `fieldValidation=Strict`.
 */

export interface QueryParam {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'integer';
  readonly description: string;
}

const P = {
  allowWatchBookmarks: { type: 'boolean', description: 'Request watch events of type BOOKMARK.' },
  continue: { type: 'string', description: 'The continue token of a previous paged list call.' },
  dryRun: {
    type: 'string',
    description: 'When "All", the request is processed in full but nothing is persisted.',
  },
  fieldManager: {
    type: 'string',
    description: 'The name of the actor making these changes; required for apply patches.',
  },
  fieldSelector: { type: 'string', description: 'Restrict the list of returned objects by their fields.' },
  fieldValidation: {
    type: 'string',
    description:
      'How to respond to unknown or duplicate fields in the request body: Ignore, Warn (a warning ' +
      'header per field) or Strict (fail the request).',
  },
  force: {
    type: 'boolean',
    description: 'For apply patches: take ownership of fields that conflict with other managers.',
  },
  gracePeriodSeconds: { type: 'integer', description: 'Seconds before the object should be deleted.' },
  labelSelector: { type: 'string', description: 'Restrict the list of returned objects by their labels.' },
  limit: { type: 'integer', description: 'The maximum number of items to return; see continue.' },
  orphanDependents: { type: 'boolean', description: 'Deprecated: use propagationPolicy.' },
  pretty: { type: 'string', description: "If 'true', then the output is pretty printed." },
  propagationPolicy: {
    type: 'string',
    description: 'Orphan, Background or Foreground: how dependents are garbage collected.',
  },
  resourceVersion: { type: 'string', description: 'Which resource version the request may be served from.' },
  resourceVersionMatch: { type: 'string', description: 'How resourceVersion applies to a list call.' },
  sendInitialEvents: {
    type: 'boolean',
    description: 'Start a watch with synthetic events for existing objects.',
  },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list/watch call.' },
  watch: { type: 'boolean', description: 'Watch for changes to the described resources.' },
} as const satisfies Record<string, Omit<QueryParam, 'name'>>;

type Name = keyof typeof P;

function params(...names: Name[]): QueryParam[] {
  return names.map((name) => ({ name, ...P[name] }));
}

export type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';

const LIST_PARAMS: Name[] = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];

const BY_ACTION: Record<Action, readonly QueryParam[]> = {
  get: [],
  list: params(...LIST_PARAMS),
  post: params('dryRun', 'fieldManager', 'fieldValidation'),
  put: params('dryRun', 'fieldManager', 'fieldValidation'),
  patch: params('dryRun', 'fieldManager', 'fieldValidation', 'force'),
  delete: params('dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'),
  deletecollection: params(
    'continue',
    'dryRun',
    'fieldSelector',
    'gracePeriodSeconds',
    'labelSelector',
    'limit',
    'orphanDependents',
    'propagationPolicy',
    'resourceVersion',
    'resourceVersionMatch',
    'sendInitialEvents',
    'timeoutSeconds',
  ),
};

/** The operation-level query parameters of an action. */
export function queryParamsFor(action: Action): readonly QueryParam[] {
  return BY_ACTION[action];
}

/** The path-level `pretty` parameter every path carries. */
export const PRETTY: QueryParam = { name: 'pretty', ...P.pretty };
