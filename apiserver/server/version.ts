/**
 * The body of /version: the Kubernetes release whose API orgplane serves (what kubectl checks
 * version skew against) with orgplane's own version, from package.json, as build metadata.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Kubernetes API level this server implements. */
const KUBE_MAJOR = '1';
const KUBE_MINOR = '32';

/** package.json of the orgplane package: ../../ from apiserver/server (tsx), ../../../ from dist. */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
    if (pkg.name === 'orgplane' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new Error('cannot find the package.json of the orgplane package');
}

export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

/** e.g. gitVersion "v1.32.0+orgplane-0.1.0" (a distribution's suffix, as k3s writes "+k3s1"). */
export function versionInfo(): VersionInfo {
  return {
    major: KUBE_MAJOR,
    minor: KUBE_MINOR,
    gitVersion: `v${KUBE_MAJOR}.${KUBE_MINOR}.0+orgplane-${packageVersion()}`,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch}`,
  };
}
