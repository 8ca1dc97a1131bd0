import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { parseMembers } from './rows.js';

describe('parseMembers', () => {
  it('reads rows with optional columns in any order, numbering lines from the header', () => {
    const { rows, errors } = parseMembers(
      'role,username,email,team\r\ndeveloper,alice,alice@x.example,\n\nviewer,bob,,eng\n',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, username: 'alice', role: 'developer', email: 'alice@x.example' },
      { line: 4, username: 'bob', role: 'viewer', team: 'eng' },
    ]);
  });

  it.each([
    ['an empty file', '', 'line 1: missing header'],
    ['no header', 'alice,developer\n', 'line 1: unknown column "alice"'],
    ['a header without role', 'username,email\nalice,a@x.example\n', 'missing header column "role"'],
    ['a bad user name', 'username,role\nalice,developer\nBad_Name,viewer\n', 'line 3: username "Bad_Name"'],
    ['a bad team name', 'username,role,team\nalice,developer,Eng.1\n', 'line 2: team "Eng.1"'],
    ['a bad email', 'username,role,email\nalice,developer,nobody\n', 'line 2: email "nobody"'],
    [
      'a duplicate user',
      'username,role\nalice,developer\nbob,viewer\nalice,viewer\n',
      'line 4: user "alice" is already on line 2',
    ],
    ['a short line', 'username,role\nalice\n', 'line 2'],
  ])('refuses %s, naming the line', (_what, text, message) => {
    const { rows, errors } = parseMembers(text);
    expect(errors.join('\n')).toContain(message);
    if (message.startsWith('line 1')) expect(rows).toEqual([]);
  });

  it('lists every bad line, not just the first', () => {
    const { errors } = parseMembers('username,role\nA,developer\nok,developer\nB,viewer\n');
    expect(errors.map((e) => e.split(':')[0])).toEqual(['line 2', 'line 4']);
  });

  const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
  test.prop([fc.uniqueArray(name, { minLength: 1, maxLength: 30 }), name], { seed: 4242 })(
    'any file of valid distinct members parses back to its rows',
    (users, role) => {
      const text = `username,role\n${users.map((u) => `${u},${role}`).join('\n')}\n`;
      const { rows, errors } = parseMembers(text);
      expect(errors).toEqual([]);
      expect(rows.map((r) => [r.line, r.username, r.role])).toEqual(users.map((u, i) => [i + 2, u, role]));
    },
  );
});
