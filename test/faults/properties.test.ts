/**
 * Property-based tests (fast-check, fixed seed, 300 runs each): whatever text or JSON arrives, the
 * whitelist parser and the three event decoders give a result or their typed error, never another
 * exception; what they give satisfies IAM's rules; the whitelist parameter round-trips.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as cloudtrail from '../../src/core/cloudtrail.ts';
import * as complianceChange from '../../src/core/compliance-change.ts';
import { EventError, WhitelistError } from '../../src/core/errors.ts';
import { isValidUserId, isValidUserName } from '../../src/core/names.ts';
import * as ruleInvocation from '../../src/core/rule-invocation.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import * as fixtures from '../../sim/fixtures.ts';

const RUNS = { seed: 20261129, numRuns: 300 } as const;
const TODAY = new Date('2026-11-29T12:00:00Z');

/** Runs `fn`: its result, or the error if it is an `allowed` one; any other exception fails the property. */
function resultOr<T, E extends Error>(fn: () => T, allowed: new (...args: never[]) => E): { readonly value: T } | { readonly error: E } {
  try {
    return { value: fn() };
  } catch (error) {
    if (error instanceof allowed) return { error };
    throw new Error(`expected a result or ${allowed.name}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

const nameChar = fc.constantFrom(...'abcdefXYZ0189_+=,.@-'.split(''));
const userName = fc.string({ unit: nameChar, minLength: 1, maxLength: 64 });
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const userId = fc.stringMatching(/^AIDA[A-Z0-9]{16,17}$/);

/** Whitelist-like text: names, options, comments, blanks and junk, in any order. */
const whitelistText = fc
  .array(
    fc.oneof(
      userName,
      userName.map((n) => n.toUpperCase()),
      day.map((d) => `expires=${d}`),
      fc.constantFrom('expires=', 'expires=2026-02-30', 'expires=2026-11-28', 'expires=2026-11-29', '#', '# reason', ' ', '\t', '\n', '\r\n', '\n\n'),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(''));

const parse = suite('properties: whitelist.parse');

parse('whitelist-like text gives valid, unique, ordered lines, or a WhitelistError whose every problem has a line of the file', () => {
  fc.assert(
    fc.property(whitelistText, (text) => {
      const lineCount = text.split(/\r?\n/).length;
      const outcome = resultOr(() => whitelist.parse(text, 'whitelist.txt', TODAY), WhitelistError);
      if ('error' in outcome) {
        return outcome.error.problems.length > 0 && outcome.error.problems.every((p) => p.source === 'whitelist.txt' && p.line !== undefined && p.line >= 1 && p.line <= lineCount);
      }
      const result = outcome.value;
      const names = result.map((l) => l.name.toLowerCase());
      return (
        result.every((l) => isValidUserName(l.name) && l.line >= 1 && l.line <= lineCount && (l.expires === undefined || !whitelist.expired(l.expires, TODAY))) &&
        new Set(names).size === names.length &&
        result.every((l, i) => i === 0 || l.line > (result[i - 1]?.line ?? 0))
      );
    }),
    RUNS,
  );
});

parse('any text at all, any code points included, gives lines or a WhitelistError', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      resultOr(() => whitelist.parse(text, 'whitelist.txt', TODAY), WhitelistError);
    }),
    RUNS,
  );
});

parse.run();

const exemption = fc.record(
  { name: userName, userId, expires: day, reason: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { requiredKeys: ['name', 'userId'] },
).map((e): whitelist.Exemption => ({ ...e })); // fast-check's records have no prototype
const exemptions = fc.uniqueArray(exemption, { selector: (e) => e.name.toLowerCase(), maxLength: 20 });

const parameter = suite('properties: the whitelist parameter');

parameter('toParameter then fromParameter gives the exemptions back (in the parameter’s order), and writing again gives the same value', () => {
  fc.assert(
    fc.property(exemptions, (list) => {
      const value = whitelist.toParameter(list);
      const read = whitelist.fromParameter(value, 'SSM parameter /mfa-guard/whitelist');
      const byName = (a: whitelist.Exemption, b: whitelist.Exemption) => a.name.localeCompare(b.name);
      assert.equal([...read].sort(byName), [...list].sort(byName));
      assert.is(whitelist.toParameter(read), value);
    }),
    RUNS,
  );
});

parameter('any string gives exemptions or a WhitelistError naming the parameter', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.jsonValue().map((v) => JSON.stringify(v))), (value) => {
      const outcome = resultOr(() => whitelist.fromParameter(value, 'SSM parameter /p'), WhitelistError);
      if ('error' in outcome) return outcome.error.problems.every((p) => p.source === 'SSM parameter /p');
      return outcome.value.every((e) => isValidUserName(e.name) && /^AIDA/.test(e.userId));
    }),
    RUNS,
  );
});

parameter('a valid value with any entry changed to any JSON gives exemptions or a WhitelistError', () => {
  const value = fc.tuple(exemptions, fc.nat(), fc.jsonValue()).map(([list, at, junk]) => {
    const data = JSON.parse(whitelist.toParameter(list)) as { exemptions: unknown[] };
    if (data.exemptions.length > 0) data.exemptions[at % data.exemptions.length] = junk;
    else data.exemptions.push(junk);
    return JSON.stringify(data);
  });
  fc.assert(
    fc.property(value, (v) => {
      resultOr(() => whitelist.fromParameter(v, 'SSM parameter /p'), WhitelistError);
    }),
    RUNS,
  );
});

parameter.run();

type Decode = (event: unknown) => unknown;
const DECODERS: Record<string, Decode> = {
  'config-rule': (event) => ruleInvocation.decode(event),
  'compliance-change': (event) => complianceChange.decode(event, fixtures.RULE_NAME),
  cloudtrail: (event) => cloudtrail.decode(event, fixtures.POLICY_ARN),
};

/** What a decoded event may carry: user names and IDs of IAM's form only. */
function wellFormed(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as { kind?: string; userName?: unknown; userId?: unknown; user?: { name: string; id: string } };
  const name = (v: unknown) => typeof v === 'string' && isValidUserName(v);
  const id = (v: unknown) => typeof v === 'string' && isValidUserId(v);
  switch (r.kind) {
    case 'create-user':
      return name(r.userName) && (r.userId === undefined || id(r.userId));
    case 'detach-user-policy':
      return name(r.userName);
    case 'non-compliant':
      return id(r.userId);
    case 'change':
      return r.user !== undefined && name(r.user.name) && id(r.user.id);
    case 'oversized':
      return name(r.userName) && id(r.userId);
    default:
      return typeof r.kind === 'string';
  }
}

type Segment = string | number | '(json)';

/** Every node of a JSON value, as a path; JSON held in a string (Config's `invokingEvent`) is walked too. */
function paths(value: unknown, at: Segment[] = []): Segment[][] {
  const here = [at];
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      return [...here, ...paths(JSON.parse(value), [...at, '(json)'])];
    } catch {
      return here;
    }
  }
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

/** A copy of `value` with the node at `path` replaced. */
function replaced(value: unknown, path: readonly Segment[], by: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return by;
  if (head === '(json)') return JSON.stringify(replaced(JSON.parse(String(value)), rest, by));
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: replaced(record[head], rest, by) };
}

const FIXTURES = Object.keys(DECODERS).flatMap((folder) => {
  const names: Record<string, string[]> = {
    cloudtrail: ['create-user.json', 'create-user-with-path.json', 'create-user-failed.json', 'detach-user-policy.json', 'detach-user-policy-user-with-path.json', 'delete-policy.json', 'delete-policy-failed.json', 'create-policy-version.json', 'set-default-policy-version.json', 'get-user-read-only.json'],
    'config-rule': ['change-user-compliant.json', 'change-user-violating.json', 'change-user-with-path.json', 'change-user-null-lists.json', 'change-user-deleted.json', 'change-user-left-scope.json', 'oversized-user.json', 'scheduled.json', 'change-other-resource.json'],
    'compliance-change': ['non-compliant-user.json', 'compliant-user.json', 'first-evaluation.json', 'other-rule.json', 'other-resource-type.json'],
  };
  return (names[folder] ?? []).map((name) => {
    const event = fixtures.load(folder, name);
    return { folder, name, event, paths: paths(event) };
  });
});

const decoders = suite('properties: the event decoders');

for (const [folder, decode] of Object.entries(DECODERS)) {
  decoders(`${folder}: any JSON value, or anything at all, decodes or is an EventError`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (event) => {
        const outcome = resultOr(() => decode(event), EventError);
        return 'error' in outcome || wellFormed(outcome.value);
      }),
      RUNS,
    );
  });
}

decoders('a fixture with any one node replaced by any JSON value decodes to IAM-valid names and IDs, or is an EventError', () => {
  const mutant = fc
    .integer({ min: 0, max: FIXTURES.length - 1 })
    .chain((i) => fc.tuple(fc.constant(i), fc.integer({ min: 0, max: (FIXTURES[i]?.paths.length ?? 1) - 1 }), fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }))));
  fc.assert(
    fc.property(mutant, ([i, p, by]) => {
      const fixture = FIXTURES[i];
      const path = fixture?.paths[p];
      if (!fixture || !path) throw new Error(`no fixture ${i} path ${p}`);
      const decode = DECODERS[fixture.folder] as Decode;
      const outcome = resultOr(() => decode(replaced(fixture.event, path, by)), EventError);
      if ('value' in outcome && !wellFormed(outcome.value)) throw new Error(`${fixture.folder}/${fixture.name} ${path.join('.')}: ${JSON.stringify(outcome.value)}`);
    }),
    RUNS,
  );
});

decoders('a Config invocation whose invokingEvent is any string decodes or is an EventError', () => {
  const event = fixtures.load('config-rule', 'change-user-violating.json');
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue().map((v) => JSON.stringify(v))), (invokingEvent) => {
      const outcome = resultOr(() => ruleInvocation.decode({ ...event, invokingEvent }), EventError);
      return 'error' in outcome || wellFormed(outcome.value);
    }),
    RUNS,
  );
});

decoders.run();
