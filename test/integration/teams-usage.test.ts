/**
 * Teams as the controllers keep them when `orgplane up` runs them: agents in team namespaces become
 * Ready, a team's status.usage counts its whole subtree, and moving a team moves its objects' usage from the teams it leaves to the ones it
 * joins, although the move writes neither of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import type { TestServer } from '../support/apiserver.js';
import { startControlledServer, type ControlledServer } from '../support/controlled.js';
import { eventually, expectCode, obj, organization, orgsPath } from '../support/api-helpers.js';
import { agent, agentsPath, make, team, teamsPath } from '../support/teams.js';

let server: ControlledServer;
let ts: TestServer;

beforeAll(async () => {
  server = await startControlledServer();
  ts = server.ts;
}, 60_000);

afterAll(async () => {
  await server.stop();
});

const agentsUsage = (o: KubeObject): unknown =>
  (o.status as { usage?: Record<string, unknown> } | undefined)?.usage?.['agents'];

async function usageBecomes(path: string, want: number, timeoutMs = 8_000): Promise<void> {
  let last: unknown;
  await eventually(
    async () => {
      const r = await ts.call('GET', path);
      last = r.status === 200 ? agentsUsage(obj(r)) : r.status;
      return last === want ? true : undefined;
    },
    `${path} usage.agents = ${String(want)} (last ${String(last)})`,
    timeoutMs,
  );
}

describe('team usage follows a move', () => {
  it('counts the moved subtree in its new branch and no longer in its old one', async () => {
    await make(ts, orgsPath(), organization('mv'));
    await make(ts, teamsPath('mv'), team('eng', undefined, { quota: { agents: 3 } }));
    await make(ts, teamsPath('mv'), team('mkt', undefined, { quota: { agents: 10 } }));
    await make(ts, teamsPath('mv'), team('be', 'eng'));
    await make(ts, teamsPath('mv'), team('api', 'be'));
    await eventually(
      async () => ((await ts.call('GET', '/api/v1/namespaces/mv-api')).status === 200 ? true : undefined),
      'namespace mv-api',
    );
    for (const name of ['a1', 'a2']) await make(ts, agentsPath('mv-be'), agent(name));
    await make(ts, agentsPath('mv-api'), agent('a3'));
    await usageBecomes(`${teamsPath('mv')}/eng`, 3);
    await usageBecomes(`${teamsPath('mv')}/be`, 3);
    await usageBecomes(`${teamsPath('mv')}/mkt`, 0);
    // an agent in a team namespace belongs to the organization: Ready once it is Active
    await eventually(
      async () => {
        const r = await ts.call('GET', `${agentsPath('mv-api')}/a3`);
        const phase = (obj(r).status as { phase?: string } | undefined)?.phase;
        return phase === 'Ready' ? true : undefined;
      },
      'agent mv-api/a3 Ready',
      10_000,
    );

    // eng is full; the same agents moved under mkt free it and count in mkt
    expectCode(
      await ts.call('PATCH', `${teamsPath('mv')}/be`, {
        body: { spec: { parent: 'mkt' } },
        contentType: 'application/merge-patch+json',
      }),
      200,
    );
    await usageBecomes(`${teamsPath('mv')}/mkt`, 3);
    await usageBecomes(`${teamsPath('mv')}/eng`, 0);
    await usageBecomes(`${teamsPath('mv')}/be`, 3);
    await usageBecomes(orgsPath('mv'), 3);

    // admission now charges the new branch: eng has room again, mkt counts the next create
    await make(ts, agentsPath('mv-api'), agent('a4'));
    await usageBecomes(`${teamsPath('mv')}/mkt`, 4);
    expect(agentsUsage(obj(await ts.call('GET', `${teamsPath('mv')}/eng`)))).toBe(0);
  }, 60_000);
});
