import type { KubeObject } from '../../api/meta.js';
import type { ResourceInfo } from '../../api/resource.js';
import type { Attributes, Operation } from '../admission/types.js';
import { ApiError } from '../errors/status.js';
import { parseFieldSelector, matchesObjectFields } from '../selectors/index.js';
import { auditEventReadOnly } from '../kinds/auditevent.js';
import { auditEventFieldSet } from '../kinds/auditevent-fields.js';
import { auditEventObject } from './object-backend.js';
import { sampleRecord } from './testdata.js';

const obj: KubeObject = auditEventObject(
  sampleRecord({
    responseStatus: { metadata: {}, code: 403 },
    annotations: { 'authorization.k8s.io/decision': 'forbid' },
  }),
  'acme-corp',
);

function matches(selector: string): boolean {
  const sel = parseFieldSelector(selector, (f) => auditEventFieldSet.supports(f));
  if (!('requirements' in sel)) throw sel;
  return matchesObjectFields(sel, obj, auditEventFieldSet);
}

describe('AuditEvent field selectors', () => {
  it('select by user, verb, resource, namespace, code, decision and stage, with aliases', () => {
    expect(matches('user.username=alice,verb=create')).toBe(true);
    expect(matches('user=alice,resource=agents,objectRef.namespace=acme-corp')).toBe(true);
    expect(matches('responseStatus.code=403,decision=forbid,stage=ResponseComplete')).toBe(true);
    expect(matches('metadata.namespace=acme-corp,metadata.name=3f0c6a52-7f5e-4d3c-9a4e-0b8f2f6b1c01')).toBe(
      true,
    );
    expect(matches('objectRef.resource=agents,objectRef.name=a1,code=403,level=Metadata')).toBe(true);
    expect(matches('decision=allow')).toBe(false);
    expect(matches('user!=alice')).toBe(false);
  });

  it('refuses fields it does not know', () => {
    expect(auditEventFieldSet.supports('spec.x')).toBe(false);
    expect(parseFieldSelector('requestURI=/x', (f) => auditEventFieldSet.supports(f))).toHaveProperty(
      'message',
      'field label not supported: requestURI',
    );
  });
});

describe('AuditEventReadOnly admission', () => {
  const res = { group: 'orgplane.io', plural: 'auditevents' } as ResourceInfo;
  const attrs = (operation: Operation, r: ResourceInfo = res): Attributes =>
    ({ operation, resource: r, name: 'x', namespace: 'acme-corp' }) as unknown as Attributes;
  const plugin = auditEventReadOnly();

  it('refuses creates, updates and patches of AuditEvents with 405', () => {
    for (const op of ['CREATE', 'UPDATE'] as const) {
      expect(plugin.handles(attrs(op))).toBe(true);
      let err: unknown;
      try {
        void plugin.admit?.(attrs(op));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe(405);
      expect((err as ApiError).message).toMatch(/AuditEvents are read-only/);
    }
  });

  it('lets deletes (namespace cleanup, GC) and other kinds through', () => {
    expect(plugin.handles(attrs('DELETE'))).toBe(false);
    expect(plugin.handles(attrs('CREATE', { group: 'orgplane.io', plural: 'agents' } as ResourceInfo))).toBe(
      false,
    );
  });
});
