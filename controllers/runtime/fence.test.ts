import { describe, expect, it } from '@jest/globals';
import { FakeClient } from '../testing/fake-client.js';
import { FakeClock } from '../testing/fake-clock.js';
import { LeaseFence, NotLeaderError, fencedClient } from './fence.js';
import { AGENTS } from './resources.js';

const agent = (name: string) => ({
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'acme' },
});

describe('LeaseFence', () => {
  it('holds from a grant until its deadline, counting a pause, and not after a revoke', () => {
    const clock = new FakeClock();
    const fence = new LeaseFence(clock, 'lease x');
    expect(fence.holds()).toBe(false);
    fence.grant(clock.now(), 10_000, 3);
    expect(fence.holds()).toBe(true);
    clock.jump(9_999);
    expect(fence.holds()).toBe(true);
    clock.jump(1);
    expect(fence.holds()).toBe(false);
    expect(() => {
      fence.check();
    }).toThrow(new NotLeaderError('not the leader of lease x (epoch 3) any more: write refused'));
    fence.grant(clock.now(), 10_000, 3);
    fence.revoke();
    expect(fence.holds()).toBe(false);
  });

  it('turns the grant into an absolute wall-clock deadline for the server to enforce', () => {
    const clock = new FakeClock();
    const fence = new LeaseFence(clock, 'lease x');
    const start = clock.now();
    fence.grant(start, 10_000, 1);
    clock.jump(4_000);
    expect(fence.deadline()).toBe(start + 10_000);
    clock.jump(20_000);
    expect(fence.deadline()).toBe(clock.now());
    fence.revoke();
    expect(fence.deadline()).toBe(clock.now());
  });

  it('a late answer to an old renewal does not shorten a newer grant', () => {
    const clock = new FakeClock();
    const fence = new LeaseFence(clock, 'lease x');
    const early = clock.now();
    clock.jump(5_000);
    fence.grant(clock.now(), 10_000, 1);
    fence.grant(early, 10_000, 1);
    clock.jump(9_000);
    expect(fence.holds()).toBe(true);
  });
});

describe('fencedClient', () => {
  it('refuses every write without sending it, and passes reads, when the check fails', async () => {
    const api = new FakeClient();
    api.seed(AGENTS, agent('a'));
    let leading = true;
    const client = fencedClient(api, () => {
      if (!leading) throw new NotLeaderError('deposed');
    });
    await client.create(AGENTS, agent('b'));
    leading = false;
    api.takeActions();
    await expect(client.create(AGENTS, agent('c'))).rejects.toBeInstanceOf(NotLeaderError);
    const a = await client.get(AGENTS, 'a', 'acme');
    expect(a?.metadata.name).toBe('a');
    await expect(client.update(AGENTS, a ?? agent('a'))).rejects.toBeInstanceOf(NotLeaderError);
    await expect(
      client.mergePatch(AGENTS, 'a', 'acme', { metadata: { labels: { x: 'y' } } }),
    ).rejects.toBeInstanceOf(NotLeaderError);
    await expect(client.delete(AGENTS, 'a', 'acme')).rejects.toBeInstanceOf(NotLeaderError);
    expect((await client.list(AGENTS)).items.map((o) => o.metadata.name).sort()).toEqual(['a', 'b']);
    expect(api.takeActions()).toEqual([]);
  });
});
