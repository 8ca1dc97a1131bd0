/** Helpers of agents.test.ts: agent Lists for kubectl, waiting for table rows. */
import type { Page } from 'puppeteer-core';

/** A v1 List of minimal Agents, given as [namespace, name] (for kubectl apply/create -f -). */
export function agentList(agents: readonly (readonly [string, string])[]): string {
  const items = agents.map(([namespace, name]) => ({
    apiVersion: 'orgplane.io/v1alpha1',
    kind: 'Agent',
    metadata: { name, namespace, labels: { load: 'bulk' } },
    spec: { model: 'gpt-4o' },
  }));
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items })}\n`;
}

const rowWith = (name: string): string =>
  `[...document.querySelectorAll('tbody th')].some((th) => th.textContent.trim() === ${JSON.stringify(name)})`;

export async function waitForRow(page: Page, name: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(rowWith(name), { timeout });
}

export async function waitForRowGone(page: Page, name: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(`!(${rowWith(name)})`, { timeout });
}

/**
 * Waits until the agents table counts at least `count` agents and shows rows, then answers
 * performance.now(): ms since the navigation started.
 */
export async function rowsShown(page: Page, count: number): Promise<number> {
  await page.waitForFunction(
    `[...document.querySelectorAll('table')].some((t) => Number(/^Agents \\((\\d+)\\)$/.exec(t.caption?.textContent ?? '')?.[1] ?? 0) >= ${String(count)} && t.querySelectorAll('tbody tr').length > 0)`,
    { timeout: 20_000, polling: 'raf' },
  );
  return Number(await page.evaluate('performance.now()'));
}

/** The text of the first element matching `selector` ('' when none). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return String(
    await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`),
  );
}

/** An attribute of the first element matching `selector` ('' when none). */
export async function attrOf(page: Page, selector: string, attr: string): Promise<string> {
  return String(
    await page.evaluate(
      `document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(attr)}) ?? ''`,
    ),
  );
}
