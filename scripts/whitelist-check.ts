/**
 * `make whitelist CHECK=1`: checks the whitelist file offline (syntax, duplicates, expiries, size),
 * with `file:line` errors and no AWS call nor credentials: for pull requests, and run by `make test`
 * on the committed whitelist.txt. Exit 0 when it passes, 1 when it does not.
 */
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { check } from '../src/deploy/whitelist-check.ts';
import * as usage from './usage.ts';

async function main(file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`make whitelist CHECK=1: cannot read ${file} (${error instanceof Error ? error.message : String(error)})\n`);
    return 1;
  }
  const result = check(text, file, new Date());
  for (const line of result.lines) (result.ok ? process.stdout : process.stderr).write(`${line}\n`);
  return result.ok ? 0 : 1;
}

if (!usage.stop('whitelist')) {
  const file = process.env.WHITELIST?.trim() || 'whitelist.txt';
  process.exitCode = await main(file);
}
