/**
 * The team tree as nested lists with a disclosure button per team that has sub-teams (WAI-ARIA
 * disclosure pattern: the button's aria-expanded tells the state, Tab reaches every button).
 * Every team is expanded until collapsed.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { UsageBar } from '../../components/UsageBar';
import { teamLabel, type TeamNode } from './org-tree';

interface TreeProps {
  readonly nodes: readonly TeamNode[];
  readonly collapsed: ReadonlySet<string>;
  readonly toggle: (name: string) => void;
}

function TeamUsage({ node }: { readonly node: TeamNode }): JSX.Element | null {
  const quota = node.team.spec?.quota ?? {};
  const usage = node.team.status?.usage ?? {};
  const keys = [...new Set([...Object.keys(quota), ...Object.keys(usage)])].sort();
  if (keys.length === 0) return null;
  return (
    <div class="usage-list team-usage">
      {keys.map((k) => {
        const max = quota[k];
        const used = usage[k] ?? 0;
        return max === undefined ? (
          <span key={k} class="usage-label">
            {k}: {used} (no quota)
          </span>
        ) : (
          <UsageBar key={k} label={k} used={used} max={max} />
        );
      })}
    </div>
  );
}

function Branch({ nodes, collapsed, toggle }: TreeProps): JSX.Element {
  return (
    <>
      {nodes.map((n) => {
        const name = n.team.metadata.name;
        const open = !collapsed.has(name);
        const childId = `team-children-${name}`;
        return (
          <li key={name}>
            <div class="team-row">
              {n.children.length > 0 ? (
                <button
                  type="button"
                  class="disclosure"
                  aria-expanded={open}
                  aria-controls={childId}
                  onClick={() => {
                    toggle(name);
                  }}
                >
                  <span aria-hidden="true">{open ? '▾' : '▸'}</span>
                  <span class="visually-hidden">Sub-teams of {teamLabel(n.team)}</span>
                </button>
              ) : (
                <span class="disclosure-spacer" />
              )}
              <div class="team-info">
                <span class="team-name">{teamLabel(n.team)}</span>{' '}
                <span class="subtle">
                  {name !== teamLabel(n.team) && <code>{name}</code>} namespace{' '}
                  <code>{n.team.status?.namespace ?? 'pending'}</code>
                  {n.children.length > 0 &&
                    `, ${String(n.children.length)} sub-team${n.children.length === 1 ? '' : 's'}`}
                </span>
                <TeamUsage node={n} />
              </div>
            </div>
            {n.children.length > 0 && (
              <ul id={childId} hidden={!open} aria-label={`Sub-teams of ${teamLabel(n.team)}`}>
                <Branch nodes={n.children} collapsed={collapsed} toggle={toggle} />
              </ul>
            )}
          </li>
        );
      })}
    </>
  );
}

export function TeamTree({ nodes }: { readonly nodes: readonly TeamNode[] }): JSX.Element {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string): void => {
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  };
  return (
    <ul class="team-tree" aria-label="Teams of the organization">
      <Branch nodes={nodes} collapsed={collapsed} toggle={toggle} />
    </ul>
  );
}
