/**
 * The kubeconfig side of `orgplane login`: find the CA a kubeconfig already trusts for a server,
 * and merge a cluster + user (token) + context into a kubeconfig document, making the context
 * current. Everything else in the document is kept as it was.
 */
import { isObject } from '../api/json.js';
import { dump, load } from 'js-yaml';

type Doc = Record<string, unknown>;
interface Named {
  name: string;
  [k: string]: unknown;
}

export interface ClusterTrust {
  /** PEM of the CA, when the kubeconfig names one */
  readonly caData?: string;
  /** a certificate-authority file path to read */
  readonly caFile?: string;
  readonly insecure?: boolean;
}

export interface LoginEntry {
  readonly server: string;
  readonly username: string;
  readonly token: string;
  /** PEM to store as certificate-authority-data (keeps the cluster's current CA when absent) */
  readonly caPem?: string;
  readonly insecure?: boolean;
  readonly context?: string;
}

const normalize = (server: string): string => server.trim().replace(/\/+$/, '');

/** Parse kubeconfig YAML (an empty text is an empty Config); throws on malformed input. */
export function parseKubeconfig(text: string): Doc {
  const doc = text.trim() === '' ? {} : load(text);
  if (!isObject(doc)) throw new Error('is not a kubeconfig (expected a YAML mapping)');
  return doc;
}

function entries(doc: Doc, field: string): Named[] {
  const list = doc[field];
  if (list === undefined || list === null) {
    doc[field] = [];
    return doc[field] as Named[];
  }
  if (!Array.isArray(list)) throw new Error(`has a malformed "${field}" list`);
  return list.filter((e): e is Named => isObject(e) && typeof e.name === 'string');
}

function clusterOf(e: Named): Doc {
  return isObject(e.cluster) ? e.cluster : {};
}

/** The normalized server URL of a cluster entry ('' when it has none). */
function serverOf(e: Named): string {
  const s = clusterOf(e).server;
  return typeof s === 'string' ? normalize(s) : '';
}

/** What the kubeconfig trusts for `server`, if it has a cluster for it. */
export function trustFor(doc: Doc, server: string): ClusterTrust | undefined {
  const want = normalize(server);
  const found = entries(doc, 'clusters').find((e) => serverOf(e) === want);
  if (!found) return undefined;
  const c = clusterOf(found);
  const data = c['certificate-authority-data'];
  const file = c['certificate-authority'];
  return {
    ...(typeof data === 'string' && data !== ''
      ? { caData: Buffer.from(data, 'base64').toString('utf8') }
      : {}),
    ...(typeof file === 'string' && file !== '' ? { caFile: file } : {}),
    ...(c['insecure-skip-tls-verify'] === true ? { insecure: true } : {}),
  };
}

function upsert(list: Named[], all: unknown[], item: Named): void {
  const i = list.findIndex((e) => e.name === item.name);
  const existing = i >= 0 ? list[i] : undefined;
  if (existing) all[all.indexOf(existing)] = item;
  else all.push(item);
}

function clusterName(doc: Doc, server: string): string {
  const want = normalize(server);
  const clusters = entries(doc, 'clusters');
  const same = clusters.find((e) => serverOf(e) === want);
  if (same) return same.name;
  const base = new URL(want).host;
  let name = base;
  for (let n = 2; clusters.some((e) => e.name === name); n++) name = `${base}-${n}`;
  return name;
}

/** Merge a login into `doc` (in place); returns the context name. */
export function mergeLogin(doc: Doc, entry: LoginEntry): string {
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  const cname = clusterName(doc, entry.server);
  const clusters = entries(doc, 'clusters');
  const old = clusters.find((e) => e.name === cname);
  const cluster: Doc = { ...(old ? clusterOf(old) : {}), server: normalize(entry.server) };
  if (entry.caPem !== undefined) {
    cluster['certificate-authority-data'] = Buffer.from(entry.caPem).toString('base64');
    delete cluster['certificate-authority'];
    delete cluster['insecure-skip-tls-verify'];
  } else if (entry.insecure) cluster['insecure-skip-tls-verify'] = true;
  upsert(clusters, doc.clusters as unknown[], { name: cname, cluster });

  const user = `${entry.username}@${cname}`;
  upsert(entries(doc, 'users'), doc.users as unknown[], { name: user, user: { token: entry.token } });

  const ctxName = entry.context ?? user;
  const contexts = entries(doc, 'contexts');
  const prev = contexts.find((e) => e.name === ctxName);
  const ns = prev && isObject(prev.context) ? prev.context.namespace : undefined;
  const context: Doc = { cluster: cname, user, ...(typeof ns === 'string' ? { namespace: ns } : {}) };
  upsert(contexts, doc.contexts as unknown[], { name: ctxName, context });
  doc['current-context'] = ctxName;
  return ctxName;
}

export function renderKubeconfigDoc(doc: Doc): string {
  return dump(doc, { noRefs: true });
}
