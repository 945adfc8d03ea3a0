/**
 * Renders the policy document as written in the template (with `!Sub`/`!Ref`) into the JSON IAM
 * stores, so the enforcer can restore the canonical document without CloudFormation.
 *
 * @example
 * ```ts
 * const canonical = policyDocument.render(templateDocument, policyDocument.varsOf(env.policyArn));
 * // { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/${!aws:username}' }
 * //   → 'arn:aws:iam::123456789012:user/${aws:username}'
 * ```
 */
import { parsePolicyArn } from './names.ts';

/** A rendered document: plain JSON, no intrinsic function left. */
export type Rendered = string | number | boolean | null | Rendered[] | { [key: string]: Rendered };

/** What the names in the document resolve to. */
export interface RenderVars {
  /** `AWS::Partition` */
  readonly partition: string;
  /** `AWS::AccountId` */
  readonly accountId: string;
  /** `AWS::Region`; a document that uses it fails to render without it. */
  readonly region?: string;
  /** The template parameter `PolicyName`. */
  readonly policyName: string;
  /** The template parameter `PolicyPath` (`/` or `/a/b/`). */
  readonly policyPath: string;
  /** Any other name a `Ref`, `${}` or `Fn::GetAtt` uses: a parameter, `Resource` or `Resource.Attribute`. */
  readonly names?: Readonly<Record<string, string>>;
}

/** A document that cannot be rendered: where (`Statement[2].Resource`) and why. */
export class RenderError extends Error {
  override name = 'RenderError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path === '' ? 'policy document' : path}: ${problem}`);
  }
}

/** The variables for the policy `arn:aws:iam::123456789012:policy/path/Name`, as the enforcer knows it from POLICY_ARN. */
export function varsOf(policyArn: string, region?: string): RenderVars {
  const parts = parsePolicyArn(policyArn);
  if (!parts) throw new RenderError('', `"${policyArn}" is not a customer managed policy ARN`);
  return { partition: parts.partition, accountId: parts.accountId, policyName: parts.name, policyPath: parts.path, ...(region !== undefined && { region }) };
}

type Local = Readonly<Record<string, string>>;

function lookup(name: string, vars: RenderVars, path: string, local: Local = {}): string {
  const builtIn: Record<string, string | undefined> = {
    'AWS::Partition': vars.partition,
    'AWS::AccountId': vars.accountId,
    'AWS::Region': vars.region,
    PolicyName: vars.policyName,
    PolicyPath: vars.policyPath,
  };
  const value = Object.hasOwn(local, name) ? local[name] : Object.hasOwn(builtIn, name) ? builtIn[name] : vars.names?.[name];
  if (value === undefined) throw new RenderError(path, `\${${name}} is not resolved: no value given for it`);
  return value;
}

function substitute(text: string, vars: RenderVars, path: string, local?: Local): string {
  return text.replace(/\$\{([^}]*)\}/g, (_, name: string) => (name.startsWith('!') ? `\${${name.slice(1)}}` : lookup(name, vars, path, local)));
}

function asString(value: Rendered, path: string): string {
  if (typeof value !== 'string') throw new RenderError(path, `expected a string, found ${JSON.stringify(value)}`);
  return value;
}

function intrinsic(name: string, argument: unknown, vars: RenderVars, path: string): Rendered {
  const at = path === '' ? name : `${path}.${name}`;
  if (name === 'Ref' && typeof argument === 'string') return lookup(argument, vars, at);
  if (name === 'Fn::Sub' && typeof argument === 'string') return substitute(argument, vars, at);
  if (name === 'Fn::Sub' && Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && isRecord(argument[1])) {
    const local = Object.fromEntries(Object.entries(argument[1]).map(([key, value]) => [key, asString(walk(value, vars, `${at}[1].${key}`), `${at}[1].${key}`)]));
    return substitute(argument[0], vars, at, local);
  }
  if (name === 'Fn::GetAtt' && Array.isArray(argument) && argument.length === 2 && argument.every((a) => typeof a === 'string')) return lookup(argument.join('.'), vars, at);
  if (name === 'Fn::Join' && Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
    const items = argument[1].map((item: unknown, i) => asString(walk(item, vars, `${at}[1][${i}]`), `${at}[1][${i}]`));
    return items.join(argument[0]);
  }
  throw new RenderError(at, `cannot render ${name} with ${JSON.stringify(argument)} (supported: Ref, Fn::Sub, Fn::GetAtt, Fn::Join)`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, vars: RenderVars, path: string): Rendered {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item: unknown, i) => walk(item, vars, `${path}[${i}]`));
  if (isRecord(value)) {
    const keys = Object.keys(value);
    const [only] = keys;
    if (keys.length === 1 && only !== undefined && (only === 'Ref' || only.startsWith('Fn::'))) return intrinsic(only, value[only], vars, path);
    return Object.fromEntries(keys.map((key) => [key, walk(value[key], vars, path === '' ? key : `${path}.${key}`)]));
  }
  throw new RenderError(path, `${typeof value} is not JSON`);
}

/**
 * Resolves `Ref`, `Fn::Sub` (with `${!Literal}` → `${Literal}`), `Fn::GetAtt` and `Fn::Join` in
 * `document`; any name without a value, or any other intrinsic function, throws a RenderError.
 */
export function render(document: unknown, vars: RenderVars): Rendered {
  return walk(document, vars, '');
}
