/**
 * An EventBridge event-pattern matcher for tests, for the syntax our templates use: exact values,
 * arrays as OR, prefix, suffix, anything-but, exists, equals-ignore-case, `$or`, nested objects and
 * arrays in events. Anything else in a pattern throws, so a pattern never fails to match silently.
 * Semantics follow aws/event-ruler (the matcher behind EventBridge): its README's rules.
 *
 * @example
 * ```ts
 * matches({ source: ['aws.iam'], detail: { eventName: ['CreateUser'] } }, event); // true or false
 * ```
 */

/** A pattern that EventBridge would reject. */
export class PatternError extends Error {
  override name = 'PatternError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`pattern ${path}: ${problem}`);
  }
}

type Leaf = string | number | boolean | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Leaf values of an event field: an array counts as each of its elements (flattened). */
function leaves(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return [value];
  return [];
}

function stringRule(rule: unknown, path: string, test: (value: string, operand: string) => boolean): (value: Leaf) => boolean {
  if (typeof rule === 'string') return (value) => typeof value === 'string' && test(value, rule);
  if (isRecord(rule) && typeof rule['equals-ignore-case'] === 'string' && Object.keys(rule).length === 1) {
    const operand = rule['equals-ignore-case'].toLowerCase();
    return (value) => typeof value === 'string' && test(value.toLowerCase(), operand);
  }
  throw new PatternError(path, `expected a string or { "equals-ignore-case": string }, found ${JSON.stringify(rule)}`);
}

function anythingBut(rule: unknown, path: string): (value: Leaf) => boolean {
  if (typeof rule === 'string' || typeof rule === 'number') return (value) => value !== rule;
  if (Array.isArray(rule) && rule.length > 0 && (rule.every((r) => typeof r === 'string') || rule.every((r) => typeof r === 'number'))) {
    const excluded: readonly Leaf[] = rule;
    return (value) => !excluded.includes(value);
  }
  if (isRecord(rule) && Object.keys(rule).length === 1) {
    const [operator] = Object.keys(rule);
    const inner = operator === undefined ? undefined : matcher({ [operator]: rule[operator] }, path);
    if (inner && operator !== 'anything-but' && operator !== 'exists') return (value) => typeof value === 'string' && !inner.test(value);
  }
  throw new PatternError(path, `unsupported anything-but ${JSON.stringify(rule)}`);
}

interface Matcher {
  /** Whether it matches a field that is absent from the event. */
  readonly absent: boolean;
  readonly test: (value: Leaf) => boolean;
}

function matcher(rule: unknown, path: string): Matcher {
  if (!isRecord(rule)) {
    if (typeof rule === 'string' || typeof rule === 'number' || typeof rule === 'boolean' || rule === null) return { absent: false, test: (value) => value === rule };
    throw new PatternError(path, `a value in a pattern array must be a JSON scalar or an operator object, found ${JSON.stringify(rule)}`);
  }
  const [operator, ...more] = Object.keys(rule);
  if (operator === undefined || more.length > 0) throw new PatternError(path, `an operator object has exactly one key, found ${JSON.stringify(rule)}`);
  const operand = rule[operator];
  switch (operator) {
    case 'prefix':
      return { absent: false, test: stringRule(operand, path, (v, o) => v.startsWith(o)) };
    case 'suffix':
      return { absent: false, test: stringRule(operand, path, (v, o) => v.endsWith(o)) };
    case 'equals-ignore-case':
      return { absent: false, test: stringRule(rule, path, (v, o) => v === o) };
    case 'anything-but':
      return { absent: false, test: anythingBut(operand, path) };
    case 'exists':
      if (typeof operand !== 'boolean') throw new PatternError(path, `exists takes true or false, found ${JSON.stringify(operand)}`);
      return { absent: !operand, test: () => operand };
    default:
      throw new PatternError(path, `operator "${operator}" is not supported by this test matcher`);
  }
}

function matchField(rules: unknown, value: unknown, path: string): boolean {
  if (Array.isArray(rules)) {
    if (rules.length === 0) throw new PatternError(path, 'an empty array matches nothing; EventBridge rejects it');
    const matchers = rules.map((rule, i) => matcher(rule, `${path}[${i}]`));
    // exists: true / false are about leaves: an object where a leaf is expected does not exist as one.
    const values = leaves(value);
    if (value === undefined || (values.length === 0 && !Array.isArray(value))) return matchers.some((m) => m.absent);
    return values.some((v) => matchers.some((m) => !m.absent && m.test(v)));
  }
  if (isRecord(rules)) {
    if (Array.isArray(value)) return value.some((element) => matchObject(rules, element, path));
    return matchObject(rules, isRecord(value) ? value : undefined, path);
  }
  throw new PatternError(path, `a field's value must be an array of matchers or a nested pattern, found ${JSON.stringify(rules)}`);
}

function matchObject(pattern: Record<string, unknown>, event: Record<string, unknown> | undefined, path: string): boolean {
  return Object.entries(pattern).every(([key, rules]) => {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(rules) || rules.length < 2 || !rules.every(isRecord)) throw new PatternError(at, '$or takes an array of at least two patterns');
      return rules.some((alternative, i) => matchObject(alternative, event, `${at}[${i}]`));
    }
    return matchField(rules, event?.[key], at);
  });
}

/** Whether `event` matches the EventBridge `pattern`; throws a PatternError on syntax this matcher does not know. */
export function matches(pattern: unknown, event: unknown): boolean {
  if (!isRecord(pattern)) throw new PatternError('', 'a pattern is a JSON object');
  return matchObject(pattern, isRecord(event) ? event : undefined, '');
}
