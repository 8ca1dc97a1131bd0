import { describe, expect, it } from '@jest/globals';
import { classify, CONTROLLERS_GROUP } from './classify.js';

describe('classify', () => {
  const member = { username: 'alice', groups: ['orgplane:serviceaccounts', 'system:authenticated'] };
  it('exempts system:masters and watches', () => {
    expect(classify({ username: 'admin', groups: ['system:masters'] }, 'acme', 'list').level).toBe('exempt');
    expect(classify(member, 'acme', 'watch').level).toBe('exempt');
  });
  it('puts system identities and controllers in their own level', () => {
    expect(classify({ username: 'system:kube-controller', groups: [] }, 'acme', 'get').level).toBe('system');
    expect(classify({ username: 'bot', groups: [CONTROLLERS_GROUP] }, '', 'get').level).toBe('system');
  });
  it('gives tenants one flow per organization, or per user outside namespaces', () => {
    expect(classify(member, 'acme', 'create')).toEqual({ level: 'workload', flow: 'ns:acme' });
    expect(classify(member, '', 'list')).toEqual({ level: 'workload', flow: 'user:alice' });
  });
});
