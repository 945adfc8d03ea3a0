/**
 * The version of this checkout: package.json's version and the git commit (`unknown` outside a git
 * clone, `-dirty` with uncommitted changes). Printed by `make version` and tagged on the stacks.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package version and the commit. */
export interface Version {
  readonly version: string;
  readonly commit: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Reads package.json and asks git; never throws for a missing git. */
export function current(): Version {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version?: unknown };
  const version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  return { version, commit: commitOf(ROOT) };
}

/** `0.1.0+1a2b3c4`: the stacks' `mfa-guard:version` tag value (CloudFormation tag values allow `+`). */
export function tagValue(v: Version): string {
  return `${v.version}+${v.commit}`;
}

function commitOf(cwd: string): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? commit : `${commit}-dirty`;
  } catch {
    return 'unknown';
  }
}
