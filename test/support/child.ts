/** Runs a repository script as a child process, as `make` does, with no AWS configuration of the machine's. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a finished child said. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node --import tsx <args>` from the repository root, stdin closed (not a terminal). The
 * child gets this process's environment without any `AWS_*` variable nor those in `drop`, no AWS
 * config or credentials files, then `env`.
 */
export function runScript(args: readonly string[], env: Record<string, string>, drop: readonly string[] = []): Promise<ChildResult> {
  return runNode(process.execPath, ['--import', 'tsx', ...args], env, drop);
}

/** Runs the Node binary `node` with `args` (no tsx), in the same clean environment as `runScript`. */
export function runNode(node: string, args: readonly string[], env: Record<string, string>, drop: readonly string[] = []): Promise<ChildResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !drop.includes(key)));
  const proc = spawn(node, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...clean,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
