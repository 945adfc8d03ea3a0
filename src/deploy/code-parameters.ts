/**
 * The functions' code as stack parameters. Three bundles and the template no longer fit the 51,200
 * bytes of a `TemplateBody` together, and mfa-guard deploys without an S3 bucket; parameter values
 * are not part of the template body (each holds at most 4,096 bytes, a template up to 200). So each
 * function's packed bundle is cut into parameters `<Function>Code0…n`, and its `Code.ZipFile` joins
 * the loader's two ends around them: the code Lambda runs is the same, byte for byte.
 *
 * @example
 * ```ts
 * const { template, parameters } = codeParameters.inline(home, { EnforceFunction: { before, payload, after } }, 'cfn/mfa-guard.yml');
 * ```
 */
import { DeployError } from './errors.ts';
import { functionIds } from './inline.ts';

/** CloudFormation's limits on parameters: bytes a value, parameters a template. */
export const MAX_PARAMETER_VALUE = 4096;
export const MAX_PARAMETERS = 200;

/** A function's loader: its text around the payload, and the payload (ASCII: Base64). */
export interface Packed {
  readonly before: string;
  readonly payload: string;
  readonly after: string;
}

type Dict = Record<string, unknown>;

/** The name of the `index`-th code parameter of `functionId`. */
export function parameterName(functionId: string, index: number): string {
  return `${functionId}Code${index}`;
}

/** `payload` cut into pieces of at most `size` characters (Base64: one byte each). */
export function split(payload: string, size = MAX_PARAMETER_VALUE): string[] {
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += size) parts.push(payload.slice(i, i + size));
  return parts.length > 0 ? parts : [''];
}

/** Each function's ZipFile as a join of its loader around its code parameters, declared in the template; and their values. */
export function inline<T>(template: T, packed: Readonly<Record<string, Packed>>, source: string): { template: T; parameters: Record<string, string> } {
  const t = template as Dict;
  const resources = { ...(t.Resources as Dict) };
  const declared = { ...((t.Parameters as Dict | undefined) ?? {}) };
  const parameters: Record<string, string> = {};
  const ids = functionIds(template, source);
  const missing = ids.filter((id) => !(id in packed));
  const unused = Object.keys(packed).filter((id) => !ids.includes(id));
  if (missing.length > 0) throw new DeployError('synth', `${source}: no bundle for function(s) ${missing.join(', ')}`, 'Map each AWS::Lambda::Function logical ID to a handler in scripts/synth/entries.ts.');
  if (unused.length > 0) throw new DeployError('synth', `${source}: no AWS::Lambda::Function with logical ID ${unused.join(', ')}`, 'Rename the resource or the entry in scripts/synth/entries.ts so they match.');
  for (const id of ids) {
    const code = packed[id] as Packed;
    const refs = split(code.payload).map((part, i) => {
      const name = parameterName(id, i);
      parameters[name] = part;
      declared[name] = { Type: 'String' };
      return { Ref: name };
    });
    const resource = resources[id] as Dict;
    resources[id] = { ...resource, Properties: { ...(resource.Properties as Dict), Code: { ZipFile: { 'Fn::Join': ['', [code.before, ...refs, code.after]] } } } };
  }
  if (Object.keys(declared).length > MAX_PARAMETERS) throw new DeployError('synth', `${source}: ${Object.keys(declared).length} parameters with the code, over CloudFormation's ${MAX_PARAMETERS}`);
  return { template: { ...t, Parameters: declared, Resources: resources } as T, parameters };
}

/** A function's code as Lambda receives it: its ZipFile with the parameters' values joined in. */
export function zipFileOf(template: unknown, functionId: string, parameters: Readonly<Record<string, string>>): string {
  const code = ((template as Dict).Resources as Dict | undefined)?.[functionId] as Dict | undefined;
  const zipFile = ((code?.Properties as Dict | undefined)?.Code as Dict | undefined)?.ZipFile;
  if (typeof zipFile === 'string') return zipFile;
  const join = (zipFile as Dict | undefined)?.['Fn::Join'];
  if (!Array.isArray(join) || !Array.isArray(join[1])) throw new Error(`${functionId} has no inline code`);
  return (join[1] as unknown[])
    .map((part) => {
      if (typeof part === 'string') return part;
      const name = (part as Dict).Ref;
      const value = typeof name === 'string' ? parameters[name] : undefined;
      if (value === undefined) throw new Error(`${functionId}: code parameter ${String(name)} has no value`);
      return value;
    })
    .join('');
}
