/** Every one-node mutation of recorded events, for the decoders' and handlers' malformed-input tests. */
import { load } from '../../sim/fixtures.ts';

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
