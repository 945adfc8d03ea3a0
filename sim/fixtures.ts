/**
 * Recorded events under fixtures/ (read relative to this file, so it works under Node and Deno),
 * and copies of them with one field changed (the demo, the benchmark and malformed-input tests).
 */
import { readFileSync } from 'node:fs';

/** Our policy ARN in every fixture. */
export const POLICY_ARN = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';

/** The Config rule name in every fixture. */
export const RULE_NAME = 'mfa-guard-users';

/** The home stack of the fixtures' account: its name, region, and its Config rule's ARN (Config names it by a generated ID). */
export const STACK = 'mfa-guard';
export const REGION = 'eu-west-1';
export const CONFIG_RULE_ARN = `arn:aws:config:${REGION}:123456789012:config-rule/config-rule-a1b2c3`;

const here = import.meta.url;

/** The text of `fixtures/<path>`, found relative to this file (not the working directory). */
export function text(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, here), 'utf8');
}

/** A fresh parsed copy of `fixtures/<folder>/<name>`, which must hold a JSON object. */
export function load(folder: string, name: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text(`${folder}/${name}`));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`fixtures/${folder}/${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** A deep copy of `value` with the dotted `path` set to `replacement` (or removed when it is undefined). */
export function withField(value: unknown, path: string, replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let parent: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = parent[key];
    if (typeof next !== 'object' || next === null) throw new Error(`withField: ${path} does not exist (at ${key})`);
    parent = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] ?? '';
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/**
 * A Config rule invocation with `path` inside its `invokingEvent` JSON string set (or removed); the
 * path is spelt as decoders name it in errors: `invokingEvent.configurationItem.resourceId`.
 */
export function withInvokingField(event: Record<string, unknown>, path: string, replacement: unknown): Record<string, unknown> {
  if (!path.startsWith('invokingEvent.')) throw new Error(`withInvokingField: ${path} does not start with invokingEvent.`);
  const invoking: unknown = JSON.parse(String(event.invokingEvent));
  return { ...event, invokingEvent: JSON.stringify(withField(invoking, path.slice('invokingEvent.'.length), replacement)) };
}
