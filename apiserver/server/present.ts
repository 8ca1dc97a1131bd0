/** The Presenter: objects and lists as JSON, Table or PartialObjectMetadata, as the Accept header asks. */
import { badRequest, notAcceptable } from '../errors/status.js';
import type { Presenter } from '../handlers/context.js';
import type { Query } from '../http/query.js';
import { negotiateOutput, parseIncludeObject } from '../table/accept.js';
import { toPartialObjectMetadata, toPartialObjectMetadataList } from '../table/partial.js';
import { toTable, type TableOptions } from '../table/table.js';
import type { MetaVersion } from '../table/types.js';

function tableOptions(q: Query, version: MetaVersion, noHeaders = false): TableOptions {
  const inc = parseIncludeObject(q.includeObject);
  if ('error' in inc) throw badRequest(inc.error);
  return { includeObject: inc.policy, version, noHeaders };
}

function target(accept: string | undefined): ReturnType<typeof negotiateOutput>['target'] {
  const n = negotiateOutput(accept);
  if (!n.acceptable && accept !== undefined && !/protobuf|\*\/\*/.test(accept))
    throw notAcceptable(
      `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  return n.target;
}

export const presenter: Presenter = {
  negotiate(accept, q) {
    const t = target(accept);
    if (t.kind === 'Table') tableOptions(q, t.version);
  },
  object(res, obj, accept, q) {
    const t = target(accept);
    if (t.kind === 'Table' && !res.virtual)
      return toTable(res, [obj], tableOptions(q, t.version), {
        resourceVersion: obj.metadata.resourceVersion ?? '',
      });
    if (t.kind === 'PartialObjectMetadata') return toPartialObjectMetadata(obj, t.version);
    return obj;
  },
  list(res, list, accept, q) {
    const t = target(accept);
    if (t.kind === 'Table') return toTable(res, list.items, tableOptions(q, t.version), list.metadata);
    if (t.kind === 'PartialObjectMetadataList' || t.kind === 'PartialObjectMetadata')
      return toPartialObjectMetadataList(list.items, list.metadata, t.version);
    return list;
  },
  watchObject(res, obj, accept, q, first) {
    const t = target(accept);
    if (t.kind === 'Table')
      return toTable(res, [obj], tableOptions(q, t.version, !first), {
        resourceVersion: obj.metadata.resourceVersion ?? '',
      });
    if (t.kind === 'PartialObjectMetadata' || t.kind === 'PartialObjectMetadataList')
      return toPartialObjectMetadata(obj, t.version);
    return obj;
  },
  watchRenderer(res, accept, q) {
    const t = target(accept);
    if (t.kind === 'Table') {
      const opts = tableOptions(q, t.version);
      const rest = { ...opts, noHeaders: true };
      return {
        key: `Table/${t.version}/${opts.includeObject}`,
        render: (obj, first) =>
          toTable(res, [obj], first ? opts : rest, { resourceVersion: obj.metadata.resourceVersion ?? '' }),
      };
    }
    if (t.kind === 'PartialObjectMetadata' || t.kind === 'PartialObjectMetadataList') {
      const version = t.version;
      return {
        key: `PartialObjectMetadata/${version}`,
        render: (obj) => toPartialObjectMetadata(obj, version),
      };
    }
    return undefined;
  },
};
