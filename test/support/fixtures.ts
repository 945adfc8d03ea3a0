/**
 * Recorded events under fixtures/ (read relative to this file, so it works under Node and Deno),
 * and copies of them with one field changed, for malformed-input tests.
 */
import { readFileSync } from 'node:fs';

/** Our policy ARN in every fixture. */
export const POLICY_ARN = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';

/** The Config rule name in every fixture. */
export const RULE_NAME = 'mfa-guard-users';

const here = import.meta.url;

/** The text of `fixtures/<path>`, found relative to this file (not the working directory). */
export function text(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, here), 'utf8');
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

const REPLACEMENTS: readonly unknown[] = [undefined, null, 0, true, '', 'x', [], {}, [null], { a: 1 }];

/**
 * Every copy of `value` with one node (object member or array item) removed or replaced by a value
 * of another type; JSON held in strings (Config's `invokingEvent`) is mutated inside too.
 */
export function* mutations(value: unknown, path = ''): Generator<{ path: string; value: unknown }> {
  for (const replacement of REPLACEMENTS) yield { path: `${path || '(event)'} = ${JSON.stringify(replacement) ?? 'removed'}`, value: replacement };
  if (typeof value === 'string' && value.startsWith('{')) {
    let inner: unknown;
    try {
      inner = JSON.parse(value);
    } catch {
      return;
    }
    for (const m of mutations(inner, `${path}(json)`)) yield { path: m.path, value: JSON.stringify(m.value) };
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      for (const m of mutations(item, `${path}[${i}]`)) {
        yield { path: m.path, value: m.value === undefined ? value.filter((_, j) => j !== i) : value.map((x, j) => (j === i ? m.value : x)) };
      }
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      for (const m of mutations(item, path ? `${path}.${key}` : key)) {
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (m.value === undefined) delete copy[key];
        else copy[key] = m.value;
        yield { path: m.path, value: copy };
      }
    }
  }
}

/** Every one-node mutation of the named fixtures of `folder`, labelled `name: path`. */
export function mutants(folder: string, names: readonly string[]): { label: string; value: unknown }[] {
  return names.flatMap((name) => [...mutations(load(folder, `${name}.json`))].map((m) => ({ label: `${name}: ${m.path}`, value: m.value })));
}
