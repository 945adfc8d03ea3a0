/**
 * Deployable templates: each Lambda function's code inlined (`Code.ZipFile`), the capabilities the
 * template needs, and the size CloudFormation accepts for a template sent as `TemplateBody`.
 *
 * @example
 * ```ts
 * const deployable = inline.inlineCode(template, { EnforceFunction: enforceJs }, 'cfn/mfa-guard.yml');
 * ```
 */
import { DeployError } from './errors.ts';

/** `CreateChangeSet` takes a `TemplateBody` of at most 51,200 bytes (larger ones need S3). */
export const MAX_TEMPLATE_BODY = 51_200;

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resources(template: unknown, source: string): Dict {
  if (!isDict(template) || !isDict(template.Resources)) throw new DeployError('synth', `${source}: no Resources mapping`);
  return template.Resources;
}

/** Logical IDs of the template's `AWS::Lambda::Function` resources, in template order. */
export function functionIds(template: unknown, source: string): string[] {
  return Object.entries(resources(template, source))
    .filter(([, resource]) => isDict(resource) && resource.Type === 'AWS::Lambda::Function')
    .map(([id]) => id);
}

/**
 * Sets each function's `Code` to `{ ZipFile: bundle }`, by logical ID. A function without a bundle,
 * or a bundle without a function, is an error. Returns a new template; untouched parts are shared.
 */
export function inlineCode<T>(template: T, bundles: Readonly<Record<string, string>>, source: string): T {
  const ids = functionIds(template, source);
  const missing = ids.filter((id) => !(id in bundles));
  const unused = Object.keys(bundles).filter((id) => !ids.includes(id));
  if (missing.length > 0) throw new DeployError('synth', `${source}: no bundle for function(s) ${missing.join(', ')}`, 'Map each AWS::Lambda::Function logical ID to a handler in scripts/synth/entries.ts.');
  if (unused.length > 0) throw new DeployError('synth', `${source}: no AWS::Lambda::Function with logical ID ${unused.join(', ')}`, 'Rename the resource or the entry in scripts/synth/entries.ts so they match.');
  const all = resources(template, source);
  const replaced: Dict = { ...all };
  for (const id of ids) {
    const resource = all[id] as Dict;
    const properties = isDict(resource.Properties) ? resource.Properties : {};
    replaced[id] = { ...resource, Properties: { ...properties, Code: { ZipFile: bundles[id] } } };
  }
  return { ...(template as Dict), Resources: replaced } as T;
}

const NAMED_IAM: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
};

/**
 * The capabilities CloudFormation will demand: `CAPABILITY_NAMED_IAM` when an IAM resource has a
 * custom name, `CAPABILITY_IAM` when there are IAM resources, none otherwise.
 */
export function capabilities(template: unknown, source: string): string[] {
  const all = Object.values(resources(template, source)).filter(isDict);
  const iam = all.filter((r) => typeof r.Type === 'string' && r.Type.startsWith('AWS::IAM::'));
  if (iam.length === 0) return [];
  const named = iam.some((r) => {
    const key = NAMED_IAM[r.Type as string];
    return key !== undefined && isDict(r.Properties) && r.Properties[key] !== undefined;
  });
  return named ? ['CAPABILITY_NAMED_IAM'] : ['CAPABILITY_IAM'];
}

/**
 * The esbuild target matching the functions' runtime: `nodejs24.x` → `node24`. Every function must
 * use the same Node.js runtime, so one build serves them all.
 */
export function nodeTarget(template: unknown, source: string): string {
  const all = resources(template, source);
  const runtimes = new Set(functionIds(template, source).map((id) => {
    const properties = (all[id] as Dict).Properties;
    return isDict(properties) ? properties.Runtime : undefined;
  }));
  const [runtime] = runtimes;
  const match = typeof runtime === 'string' ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  if (runtimes.size !== 1 || !match) {
    throw new DeployError('synth', `${source}: the functions must share one nodejsNN.x Runtime, found ${[...runtimes].map(String).join(', ') || 'none'}`);
  }
  return `node${match[1]}`;
}

/** The template's parameter names (its `Parameters` keys). */
export function parameterNames(template: unknown): string[] {
  return isDict(template) && isDict(template.Parameters) ? Object.keys(template.Parameters) : [];
}

/** Size of a template body in bytes (UTF-8), as CloudFormation counts it. */
export function byteSize(body: string): number {
  return new TextEncoder().encode(body).length;
}

/** Throws unless the body fits `TemplateBody` (51,200 bytes). */
export function assertFits(body: string, name: string): void {
  const size = byteSize(body);
  if (size > MAX_TEMPLATE_BODY) {
    throw new DeployError(
      'synth',
      `${name} is ${size} bytes, over the ${MAX_TEMPLATE_BODY}-byte limit of a TemplateBody`,
      'Make the functions smaller (they are minified with @aws-sdk/* external); mfa-guard deploys without an S3 bucket.',
    );
  }
}
