/**
 * The CloudFormation resource specification as `@aws-cdk/aws-service-spec` ships it (db.json.gz,
 * built from the registry schemas AWS publishes), and a checker of template resources against it:
 * resource types, property names (nested property types included), required properties, value
 * shapes, allowed values and `Fn::GetAtt` attributes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Json, Template } from '../../src/cfn/template.ts';

/** A property or attribute type, as the spec database writes it. */
export type SpecType =
  | { readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'json' | 'date-time' | 'tag' | 'null'; readonly allowedValues?: readonly string[] }
  | { readonly type: 'array' | 'map'; readonly element: SpecType }
  | { readonly type: 'ref'; readonly reference: { readonly $ref: string } }
  | { readonly type: 'union'; readonly types: readonly SpecType[] };

/** A property of a resource or of a property type. */
export interface SpecProperty {
  readonly type: SpecType;
  readonly required?: boolean;
}

/** A resource type of the specification. */
export interface SpecResource {
  readonly cloudFormationType: string;
  readonly properties: Readonly<Record<string, SpecProperty>>;
  readonly attributes: Readonly<Record<string, { readonly type: SpecType }>>;
}

interface SpecTypeDefinition {
  readonly $id: string;
  readonly name: string;
  readonly properties: Readonly<Record<string, SpecProperty>>;
}

interface Database {
  readonly schema: {
    readonly resource: { readonly entities: Readonly<Record<string, SpecResource>> };
    readonly typeDefinition: { readonly entities: Readonly<Record<string, SpecTypeDefinition>> };
  };
}

/** The loaded specification: resources by CloudFormation type, property types by ID. */
export interface Spec {
  readonly resources: ReadonlyMap<string, SpecResource>;
  readonly types: ReadonlyMap<string, SpecTypeDefinition>;
}

/** Reads the database of the installed `@aws-cdk/aws-service-spec`. */
export function load(): Spec {
  const require = createRequire((import.meta as ImportMeta & { readonly url: string }).url);
  const file = join(dirname(require.resolve('@aws-cdk/aws-service-spec/package.json')), 'db.json.gz');
  const db = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Database;
  return {
    resources: new Map(Object.values(db.schema.resource.entities).map((r) => [r.cloudFormationType, r])),
    types: new Map(Object.values(db.schema.typeDefinition.entities).map((t) => [t.$id, t])),
  };
}

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ Ref }` or `{ 'Fn::…' }`: its value is only known once deployed. */
export function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

function checkValue(spec: Spec, value: Json, type: SpecType, path: string): string[] {
  if (isIntrinsic(value)) return [];
  const wrong = (expected: string) => [`${path}: expected ${expected}, found ${JSON.stringify(value)}`];
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (typeof value !== 'string' && typeof value !== 'number') return wrong('a string');
      if (type.allowedValues && !type.allowedValues.includes(String(value))) return wrong(`one of ${type.allowedValues.join(', ')}`);
      return [];
    case 'integer':
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) ? [] : wrong('a number');
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong('a boolean');
    case 'null':
      return value === null ? [] : wrong('null');
    case 'json':
      return [];
    case 'tag':
      return isRecord(value) && 'Key' in value && 'Value' in value ? [] : wrong('a tag { Key, Value }');
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => checkValue(spec, item, type.element, `${path}[${i}]`)) : wrong('a list');
    case 'map':
      return isRecord(value) ? Object.entries(value).flatMap(([key, item]) => checkValue(spec, item, type.element, `${path}.${key}`)) : wrong('a mapping');
    case 'union':
      return type.types.some((t) => checkValue(spec, value, t, path).length === 0) ? [] : wrong(`one of ${type.types.map((t) => t.type).join(' | ')}`);
    case 'ref': {
      const definition = spec.types.get(type.reference.$ref);
      if (!definition) return [`${path}: the spec lacks property type ${type.reference.$ref}`];
      return isRecord(value) ? checkProperties(spec, value, definition.properties, path) : wrong(`a ${definition.name} mapping`);
    }
  }
}

function checkProperties(spec: Spec, value: Record<string, Json>, properties: Readonly<Record<string, SpecProperty>>, path: string): string[] {
  const unknown = Object.keys(value)
    .filter((name) => !Object.hasOwn(properties, name))
    .map((name) => `${path}.${name}: no such property (known: ${Object.keys(properties).sort().join(', ')})`);
  const missing = Object.entries(properties)
    .filter(([name, property]) => property.required === true && value[name] === undefined)
    .map(([name]) => `${path}.${name}: required property missing`);
  const invalid = Object.entries(value)
    .filter(([name]) => Object.hasOwn(properties, name))
    .flatMap(([name, item]) => checkValue(spec, item, (properties[name] as SpecProperty).type, `${path}.${name}`));
  return [...unknown, ...missing, ...invalid];
}

/** Every way the template's resources depart from the specification; empty when they conform. */
export function problems(spec: Spec, template: Template): string[] {
  return Object.entries(template.Resources).flatMap(([id, resource]) => {
    const path = `Resources.${id}`;
    const known = spec.resources.get(resource.Type);
    if (!known) return [`${path}.Type: ${resource.Type} is not a CloudFormation resource type`];
    return checkProperties(spec, resource.Properties ?? {}, known.properties, `${path}.Properties`);
  });
}

/** Whether the resource type has the attribute (`Arn`, `SnapStartResponse.ApplyOn`…) for `Fn::GetAtt`. */
export function hasAttribute(spec: Spec, type: string, attribute: string): boolean {
  return Object.hasOwn(spec.resources.get(type)?.attributes ?? {}, attribute);
}
