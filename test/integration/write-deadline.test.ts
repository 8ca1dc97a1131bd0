/**
 * Orgplane-Write-Deadline (the server half of the controllers' lease fencing): a write arriving
 * after its deadline answers 409 Conflict and writes nothing; one before it, and every read,
 * proceeds; a malformed deadline is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { agent, agentsPath, createNamespace } from '../support/api-helpers.js';

const at = (ms: number): string => new Date(ms).toISOString();

describe('write deadline', () => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer('embedded');
    await createNamespace(ts, 'wd');
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  it('refuses a write past its deadline without writing, and lets one in time through', async () => {
    const late = { 'Orgplane-Write-Deadline': at(Date.now() - 1000) };
    const refused = await ts.call('POST', agentsPath('wd'), { body: agent('late'), headers: late });
    expect({ status: refused.status, reason: (refused.json as { reason?: string }).reason }).toEqual({
      status: 409,
      reason: 'Conflict',
    });
    expect((await ts.call('GET', agentsPath('wd', 'late'))).status).toBe(404);
    expect((await ts.call('GET', agentsPath('wd'), { headers: late })).status).toBe(200);
    const inTime = { 'Orgplane-Write-Deadline': at(Date.now() + 60_000) };
    expect((await ts.call('POST', agentsPath('wd'), { body: agent('ok'), headers: inTime })).status).toBe(
      201,
    );
    const bad = { 'Orgplane-Write-Deadline': 'soon' };
    expect((await ts.call('POST', agentsPath('wd'), { body: agent('bad'), headers: bad })).status).toBe(400);
    expect((await ts.call('GET', agentsPath('wd', 'bad'))).status).toBe(404);
  }, 30_000);
});
