/**
 * CloudFormation templates in YAML: parsed into the long form (`{ Ref }`, `{ 'Fn::Sub': … }`), and
 * written back with the short forms, for the build that inlines the functions' code.
 *
 * @example
 * ```ts
 * const home = template.parse(readFileSync('cfn/mfa-guard.yml', 'utf8'), 'cfn/mfa-guard.yml');
 * const canonical = template.policyDocumentOf(home, 'cfn/mfa-guard.yml');
 * writeFileSync('build/mfa-guard.yml', template.stringify(home));
 * ```
 */
import { Document, LineCounter, parseDocument, visit } from 'yaml';
import * as intrinsics from './intrinsics.ts';

/** Any JSON-like value a template holds. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A resource: its type, properties and resource attributes. */
export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, Json>;
}

/** A template parameter. */
export interface Parameter {
  readonly Type: string;
  readonly Default?: Json;
  readonly Description?: string;
  readonly AllowedPattern?: string;
  readonly AllowedValues?: Json[];
  readonly ConstraintDescription?: string;
  readonly [attribute: string]: Json | undefined;
}

/** A template output. */
export interface Output {
  readonly Value: Json;
  readonly Description?: string;
  readonly Export?: { readonly Name: Json };
  readonly Condition?: string;
}

/** A CloudFormation template, in the long form of its intrinsic functions. */
export interface Template {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Metadata?: Record<string, Json>;
  readonly Parameters?: Record<string, Parameter>;
  readonly Rules?: Record<string, Json>;
  readonly Mappings?: Record<string, Json>;
  readonly Conditions?: Record<string, Json>;
  readonly Transform?: Json;
  readonly Resources: Record<string, Resource>;
  readonly Outputs?: Record<string, Output>;
}

/** A template that cannot be read or lacks what is asked of it: says where (`file:line:column`) and what. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}

const SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkShape(value: unknown, source: string): asserts value is Template {
  if (!isRecord(value)) throw new TemplateError(source, 'a template is a mapping of sections');
  const unknown = Object.keys(value).filter((key) => !SECTIONS.has(key));
  if (unknown.length > 0) throw new TemplateError(source, `unknown section(s) ${unknown.join(', ')}`);
  if (!isRecord(value.Resources)) throw new TemplateError(source, 'Resources must be a mapping');
  for (const [id, resource] of Object.entries(value.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') throw new TemplateError(source, `Resources.${id}: expected a mapping with a Type string`);
    if (resource.Properties !== undefined && !isRecord(resource.Properties)) throw new TemplateError(source, `Resources.${id}.Properties must be a mapping`);
  }
  for (const section of ['Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Outputs']) {
    if (value[section] !== undefined && !isRecord(value[section])) throw new TemplateError(source, `${section} must be a mapping`);
  }
  for (const [name, parameter] of Object.entries(isRecord(value.Parameters) ? value.Parameters : {})) {
    if (!isRecord(parameter) || typeof parameter.Type !== 'string') throw new TemplateError(source, `Parameters.${name}: expected a mapping with a Type string`);
  }
  for (const [name, output] of Object.entries(isRecord(value.Outputs) ? value.Outputs : {})) {
    if (!isRecord(output) || output.Value === undefined) throw new TemplateError(source, `Outputs.${name}: expected a mapping with a Value`);
  }
}

/** Parses a YAML template (short forms included); any YAML error or warning, such as an unknown tag, throws a TemplateError. */
export function parse(text: string, source: string): Template {
  const lines = new LineCounter();
  // YAML 1.1, as CloudFormation reads it: unquoted yes/no are booleans there, 2012-10-17 a timestamp.
  const doc = parseDocument(text, { customTags: intrinsics.tags, lineCounter: lines, prettyErrors: true, version: '1.1' });
  const [problem] = [...doc.errors, ...doc.warnings];
  if (problem !== undefined) {
    const at = problem.linePos?.[0];
    throw new TemplateError(at ? `${source}:${at.line}:${at.col}` : source, (problem.message.split('\n')[0] ?? problem.code).replace(/ at line \d+, column \d+:?$/, ''));
  }
  let bad: { offset: number; problem: string } | undefined;
  visit(doc, {
    Alias: (_, node) => void (bad ??= { offset: node.range?.[0] ?? 0, problem: 'CloudFormation does not support YAML aliases (*name); repeat the value' }),
    Scalar: (_, node) => {
      const value: unknown = node.value;
      if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) !== Object.prototype) {
        bad ??= { offset: node.range?.[0] ?? 0, problem: `YAML 1.1 reads "${node.source ?? String(value)}" as a ${value.constructor.name}, not a string: quote it` };
      }
    },
  });
  if (bad !== undefined) {
    const at = lines.linePos(bad.offset);
    throw new TemplateError(`${source}:${at.line}:${at.col}`, bad.problem);
  }
  const value: unknown = doc.toJS();
  checkShape(value, source);
  return value;
}

/** Writes a template as YAML with the short forms, multi-line strings (inline code) as literal blocks, no line folding. */
export function stringify(template: Template): string {
  const doc = new Document(null, { customTags: intrinsics.tags, version: '1.1' });
  doc.contents = intrinsics.toNode(template);
  return doc.toString({ lineWidth: 0 });
}

/**
 * The document of the template's one `AWS::IAM::ManagedPolicy`, unrendered (intrinsics kept), so
 * the build can embed it and the enforcer render it (src/core/policy-document.ts).
 */
export function policyDocumentOf(template: Template, source: string): Json {
  const policies = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy');
  const [only] = policies;
  if (policies.length !== 1 || only === undefined) {
    throw new TemplateError(source, `expected exactly one AWS::IAM::ManagedPolicy, found ${policies.length}${policies.length > 0 ? ` (${policies.map(([id]) => id).join(', ')})` : ''}`);
  }
  const [id, resource] = only;
  const document = resource.Properties?.PolicyDocument;
  if (!isRecord(document)) throw new TemplateError(source, `Resources.${id}.Properties.PolicyDocument must be a mapping`);
  return document;
}
