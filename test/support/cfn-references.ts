/**
 * Every name a template refers to: `Ref`, `Fn::GetAtt`, the `${}` of `Fn::Sub` (escapes `${!…}`
 * and the Sub's own variables excluded), `DependsOn`, and where each one is.
 */
import type { Json, Template } from '../../src/cfn/template.ts';

/** A reference and the path it sits at. */
export type Reference =
  | { readonly kind: 'Ref' | 'DependsOn'; readonly path: string; readonly target: string }
  | { readonly kind: 'GetAtt'; readonly path: string; readonly target: string; readonly attribute: string };

/** The pseudo parameters CloudFormation defines. */
export const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromSub(text: string, local: ReadonlySet<string>, path: string): Reference[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((name) => !name.startsWith('!') && !local.has(name))
    .map((name): Reference => {
      const dot = name.indexOf('.');
      return dot < 0 ? { kind: 'Ref', path, target: name } : { kind: 'GetAtt', path, target: name.slice(0, dot), attribute: name.slice(dot + 1) };
    });
}

function walk(value: Json | undefined, path: string): Reference[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => walk(item, `${path}[${i}]`));
  if (!isRecord(value)) return [];
  const keys = Object.keys(value);
  const only = keys.length === 1 ? keys[0] : undefined;
  const argument = only === undefined ? undefined : value[only];
  if (only === 'Ref' && typeof argument === 'string') return [{ kind: 'Ref', path, target: argument }];
  if (only === 'Fn::GetAtt') {
    const [target, attribute] = typeof argument === 'string' ? argument.split(/\.(.*)/s) : Array.isArray(argument) ? argument : [];
    if (typeof target === 'string' && typeof attribute === 'string') return [{ kind: 'GetAtt', path, target, attribute }];
    throw new Error(`${path}: malformed Fn::GetAtt ${JSON.stringify(argument)}`);
  }
  if (only === 'Fn::Sub') {
    if (typeof argument === 'string') return fromSub(argument, new Set(), path);
    if (Array.isArray(argument) && typeof argument[0] === 'string' && isRecord(argument[1])) {
      return [...fromSub(argument[0], new Set(Object.keys(argument[1])), path), ...walk(argument[1], `${path}[1]`)];
    }
    throw new Error(`${path}: malformed Fn::Sub ${JSON.stringify(argument)}`);
  }
  return keys.flatMap((key) => walk(value[key], `${path}.${key}`));
}

/** Every reference in the template's resources, outputs, conditions and rules. */
export function references(template: Template): Reference[] {
  const fromResources = Object.entries(template.Resources).flatMap(([id, resource]) => {
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    return [
      ...dependsOn.map((target): Reference => ({ kind: 'DependsOn', path: `Resources.${id}.DependsOn`, target })),
      ...walk(resource.Properties, `Resources.${id}.Properties`),
    ];
  });
  const outputs = Object.entries(template.Outputs ?? {}).flatMap(([id, output]) => walk(output.Value, `Outputs.${id}.Value`));
  return [...fromResources, ...outputs, ...walk(template.Conditions, 'Conditions'), ...walk(template.Rules, 'Rules')];
}
