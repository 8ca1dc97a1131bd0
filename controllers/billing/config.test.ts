import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadBillingConfig, parseBillingConfig } from './config.js';
import { classifyStatus, parseRetryAfter } from './provider.js';

const env = { LAGO_API_KEY: 'lago-secret', STRIPE_API_KEY: 'sk_test_x' };

describe('parseBillingConfig', () => {
  it('reads both providers with keys from the environment', () => {
    const cfg = parseBillingConfig(
      'lago:\n  apiUrl: http://127.0.0.1:3000/api/v1/\n  apiKeyEnv: LAGO_API_KEY\n' +
        'stripe: {apiBase: "http://127.0.0.1:12111", apiKeyEnv: STRIPE_API_KEY, timeoutSeconds: 2}\n',
      env,
    );
    expect(cfg).toEqual({
      lago: { apiUrl: 'http://127.0.0.1:3000/api/v1', apiKey: 'lago-secret', timeoutMs: 10_000 },
      stripe: { apiBase: 'http://127.0.0.1:12111', apiKey: 'sk_test_x', timeoutMs: 2000 },
    });
  });

  it('leaves out a provider absent from the file', () => {
    expect(
      parseBillingConfig('stripe: {apiBase: "https://api.stripe.com", apiKeyEnv: STRIPE_API_KEY}', env),
    ).toEqual({
      stripe: { apiBase: 'https://api.stripe.com', apiKey: 'sk_test_x', timeoutMs: 10_000 },
    });
    expect(parseBillingConfig('', env)).toEqual({});
  });

  it('refuses bad files with one line naming the field', () => {
    expect(() => parseBillingConfig('lago: {apiUrl: nope, apiKeyEnv: LAGO_API_KEY}', env)).toThrow(
      'lago.apiUrl: must be an http(s) URL',
    );
    expect(() => parseBillingConfig('lago: {apiUrl: "http://x", apiKeyEnv: MISSING}', env)).toThrow(
      'lago.apiKeyEnv: environment variable MISSING is not set',
    );
    expect(() => parseBillingConfig('paypal: {}', env)).toThrow('unknown provider "paypal"');
    expect(() => parseBillingConfig('- a', env)).toThrow('must be a YAML mapping');
  });

  it('prefixes errors with the file name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'billing-config-'));
    try {
      const file = join(dir, 'billing.yaml');
      await writeFile(file, 'stripe: {apiBase: "http://x"}\n');
      await expect(loadBillingConfig(file, env)).rejects.toThrow(
        `billing config ${file}: stripe.apiKeyEnv: must name an environment variable`,
      );
      await expect(loadBillingConfig(join(dir, 'absent.yaml'), env)).rejects.toThrow('ENOENT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('provider failure classification', () => {
  it('maps HTTP codes to BillingSynced reasons', () => {
    expect(classifyStatus(429)).toBe('RateLimited');
    expect(classifyStatus(503)).toBe('ProviderUnavailable');
    expect(classifyStatus(408)).toBe('ProviderUnavailable');
    expect(classifyStatus(422)).toBe('Rejected');
  });

  it('parses Retry-After seconds and dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
