/**
 * `orgplane import members` against a real API server: all or nothing (a bad line, an unknown role
 * or team writes nothing), dry run, idempotence, team rows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { importMembers } from '../../cmd/import.js';
import { startTestServer, type TestServer } from '../support/apiserver.js';
import { organization, orgsPath } from '../support/api-helpers.js';
import { canI, make, team, teamsPath } from '../support/teams.js';

let ts: TestServer;
let dir: string;

beforeAll(async () => {
  ts = await startTestServer('embedded');
  dir = await mkdtemp(join(tmpdir(), 'orgplane-import-'));
  await make(ts, orgsPath(), organization('imp'));
  await make(ts, teamsPath('imp'), team('eng'));
}, 60_000);

afterAll(async () => {
  await ts.stop();
  await rm(dir, { recursive: true, force: true });
});

async function run(csv: string, dryRun = false, progressAbove?: number): Promise<string> {
  const file = join(dir, `m${String(Date.now())}.csv`);
  await writeFile(file, csv);
  return importMembers({
    organization: 'imp',
    filename: file,
    kubeconfig: ts.server.kubeconfigPath,
    ...(dryRun ? { dryRun } : {}),
    ...(progressAbove !== undefined ? { progressAbove } : {}),
  });
}

const account = async (name: string): Promise<number> =>
  (await ts.call('GET', `/apis/orgplane.io/v1alpha1/serviceaccounts/${name}`)).status;

const GOOD = 'username,role,team,email\nimp-alice,developer,,alice@imp.example\nimp-bob,viewer,eng,\n';

describe('orgplane import members', () => {
  it('dry run checks with the server and writes nothing', async () => {
    expect(await run(GOOD, true)).toMatch(
      /would create 2 service accounts, would bind 2 members, 0 unchanged/,
    );
    expect(await account('imp-alice')).toBe(404);
  });

  it('creates the accounts and binds them, in the team namespace for a team row', async () => {
    expect(await run(GOOD)).toMatch(/^created 2 service accounts, bound 2 members, 0 unchanged/);
    expect(await canI(ts, 'imp-alice', 'create', 'agents', 'imp')).toBe(true);
    expect(await canI(ts, 'imp-bob', 'get', 'agents', 'imp-eng')).toBe(true);
    expect(await canI(ts, 'imp-bob', 'create', 'agents', 'imp-eng')).toBe(false);
    expect(await canI(ts, 'imp-bob', 'get', 'agents', 'imp')).toBe(false);
  });

  it('is idempotent', async () => {
    expect(await run(GOOD)).toMatch(/created 0 service accounts, bound 0 members, 2 unchanged/);
  });

  // the threshold is 1,000 rows; 60 over a threshold of 50 take the same path in a fraction of the time
  it('reports progress on stderr for a file over the threshold', async () => {
    const users = Array.from({ length: 60 }, (_, i) => `bulk-${String(i)},viewer,,`);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let lines: string[] = [];
    try {
      expect(await run(`username,role,team,email\n${users.join('\n')}\n`, false, 50)).toMatch(
        /^created 60 service accounts, bound 60 members, 0 unchanged/,
      );
    } finally {
      lines = stderr.mock.calls.map(([chunk]) => String(chunk));
      stderr.mockRestore();
    }
    expect(lines.join('')).toMatch(/imported 60\/60 rows/);
    expect(await canI(ts, 'bulk-59', 'get', 'agents', 'imp')).toBe(true);
  }, 60_000);

  it.each([
    [
      'a bad user name',
      'username,role\nimp-carol,developer\nBad_Name,viewer\n',
      'line 3: username "Bad_Name"',
    ],
    [
      'an unknown role',
      'username,role\nimp-carol,developer\nimp-dan,superuser\n',
      'line 3: unknown role "superuser"',
    ],
    [
      'an unknown team',
      'username,role,team\nimp-carol,developer,\nimp-dan,viewer,ops\n',
      'line 3: team "ops"',
    ],
    [
      'a duplicate user',
      'username,role\nimp-carol,developer\nimp-carol,viewer\n',
      'line 3: user "imp-carol"',
    ],
    ['a missing header', 'imp-carol,developer\n', 'line 1'],
  ])('writes nothing for %s and names the line', async (_what, csv, message) => {
    await expect(run(csv)).rejects.toThrow(message);
    expect(await account('imp-carol')).toBe(404);
  });
});
