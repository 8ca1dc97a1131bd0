import { describe, expect, it } from '@jest/globals';
import { isKnownFormat, matchesFormat } from './formats.js';
import { formatOf } from './node.js';

const cases: [string, string[], string[]][] = [
  [
    'date-time',
    ['2024-05-01T10:00:00Z', '2024-05-01t10:00:00.123+02:00', '2024-02-29T23:59:59z'],
    ['2024-05-01', '2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-05-01T24:00:00Z', 'x'],
  ],
  ['date', ['2024-02-29', '1999-12-31'], ['2023-02-29', '2024-1-01', '2024-04-31']],
  ['duration', ['1h30m', '-1.5s', '0', '300ms', '2µs', '5 seconds', '3 days'], ['', '1x', 'h', '.s', '1']],
  [
    'email',
    ['a@b.example', 'Jane Doe <jane@example.com>', '"quoted name"@x.io'],
    ['plainaddress', 'a@', '@b', 'a b@c'],
  ],
  [
    'hostname',
    ['example.com', 'a-b.co', 'localhost'],
    ['-bad.com', 'a_b.com', 'a-b.c', 'x'.repeat(64) + '.com'],
  ],
  ['ipv4', ['10.0.0.1', '::ffff:1.2.3.4'], ['10.0.0.01', '256.1.1.1', '1.2.3', '::1']],
  [
    'ipv6',
    ['::1', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4'],
    ['10.0.0.1', '1::2::3', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9'],
  ],
  ['cidr', ['10.0.0.0/8', '2001:db8::/32'], ['10.0.0.0', '10.0.0.0/33', '::/129']],
  [
    'mac',
    ['00:1a:2b:3c:4d:5e', '00-1a-2b-3c-4d-5e', '001a.2b3c.4d5e'],
    ['00:1a:2b:3c:4d', '00:1a-2b:3c:4d:5e'],
  ],
  [
    'uuid',
    ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'],
    ['123e4567-e89b-12d3-a456'],
  ],
  ['uuid4', ['123e4567-e89b-42d3-a456-426614174000'], ['123e4567-e89b-12d3-a456-426614174000']],
  [
    'uri',
    ['https://example.com/a?b=c', '/just/a/path', 'mailto:a@b', '*'],
    ['', 'relative/path', 'http://bad host/', 'http://h:port/', '/%zz'],
  ],
  ['byte', ['aGVsbG8=', 'aGVsbG8h'], ['not base64!', 'aGVsbG8']],
  ['quantity', ['1', '1.5Gi', '500m', '1e3', '0', '2E'], ['1.5.5', 'abc', '1Kb', '']],
  ['hexcolor', ['#fff', 'A0B1C2'], ['#ffff', 'zzz']],
  ['rgbcolor', ['rgb(255, 0, 10)'], ['rgb(256,0,0)']],
  ['ssn', ['123-45-6789'], ['123456789']],
  ['isbn', ['0-306-40615-2', '978-0-306-40615-7'], ['0-306-40615-3']],
  ['creditcard', ['4111 1111 1111 1111'], ['4111 1111 1111 1112']],
  ['bsonobjectid', ['507f1f77bcf86cd799439011'], ['507f1f77bcf86cd79943901']],
  ['k8s-short-name', ['my-name'], ['My-Name', 'a.b']],
  ['k8s-long-name', ['a.b-c.d'], ['A.b', 'a..b']],
  ['password', ['anything at all'], []],
];

describe('string formats', () => {
  it.each(cases)('%s', (format, good, bad) => {
    expect(isKnownFormat(format)).toBe(true);
    for (const v of good) expect([v, matchesFormat(format, v)]).toEqual([v, true]);
    for (const v of bad) expect([v, matchesFormat(format, v)]).toEqual([v, false]);
  });

  it('accepts anything for unknown formats', () => {
    expect(isKnownFormat('made-up')).toBe(false);
    expect(matchesFormat('made-up', '!!')).toBe(true);
  });
});

describe('formatOf (StripUnsupportedFormats)', () => {
  it('keeps supported string formats and numeric widths, drops the rest', () => {
    expect(formatOf({ format: 'date-time' }, ['string'])).toBe('date-time');
    expect(formatOf({ format: 'made-up' }, ['string'])).toBe('');
    expect(formatOf({ format: 'int32' }, ['integer'])).toBe('int32');
    expect(formatOf({ format: 'date' }, ['integer'])).toBe('');
    expect(formatOf({ format: 'double' }, ['number'])).toBe('double');
    expect(formatOf({ format: 'date' }, ['boolean'])).toBe('');
    expect(formatOf({ format: 'uuid' }, ['integer', 'string'])).toBe('uuid');
  });
});
