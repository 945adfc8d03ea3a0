/**
 * CloudFormation's YAML short forms (`!Ref`, `!Sub`, `!GetAtt`…) as `yaml` custom tags, read into
 * the long form (`{ Ref }`, `{ 'Fn::Sub': … }`) and written back from it.
 *
 * @example
 * ```ts
 * YAML.parse('Role: !GetAtt Role.Arn', { customTags: intrinsics.tags }); // { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } }
 * ```
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node, type Tags, type ScalarTag, type CollectionTag } from 'yaml';

/** Short tag → long-form key, for every short form CloudFormation defines (the Rules-only functions have none). */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
};

const LONG_FORMS: ReadonlyMap<string, string> = new Map(Object.entries(SHORT_FORMS).map(([short, long]) => [long, short]));

/** `!GetAtt Resource.Attribute` names its attribute after the first dot (attributes may hold dots). */
function getAttArguments(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function tagsFor(tag: string, long: string): Array<ScalarTag | CollectionTag> {
  const scalar: ScalarTag = { tag, resolve: (text) => ({ [long]: long === 'Fn::GetAtt' ? getAttArguments(text) : text }) };
  const seq: CollectionTag = { tag, collection: 'seq', resolve: (node) => ({ [long]: node.toJSON() }) };
  const map: CollectionTag = { tag, collection: 'map', resolve: (node) => ({ [long]: node.toJSON() }) };
  return [scalar, seq, map];
}

/** The custom tags to hand to `yaml` (`customTags`) for CloudFormation templates. */
export const tags: Tags = Object.entries(SHORT_FORMS).flatMap(([short, long]) => tagsFor(short, long));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ 'Fn::Sub': x }` as a node tagged `!Sub`; undefined when the argument is itself tagged (YAML allows one tag per node). */
function shortForm(long: string, argument: unknown): Node | undefined {
  const tag = LONG_FORMS.get(long);
  if (tag === undefined) return undefined;
  if (long === 'Fn::GetAtt' && Array.isArray(argument) && argument.length === 2 && argument.every((a) => typeof a === 'string')) {
    const scalar = new Scalar(argument.join('.'));
    scalar.tag = tag;
    return scalar;
  }
  const node = toNode(argument);
  if (node.tag !== undefined) return undefined;
  node.tag = tag;
  if (node instanceof YAMLSeq && node.items.every((item) => item instanceof Scalar && !String(item.value).includes('\n'))) node.flow = true;
  return node;
}

/** A YAML node for a long-form template value, intrinsic functions written in their short form. */
export function toNode(value: unknown): Node {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    seq.items = value.map(toNode);
    seq.flow = seq.items.every((item) => item instanceof Scalar && item.type !== Scalar.BLOCK_LITERAL);
    return seq;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    const [only] = entries;
    const short = entries.length === 1 && only !== undefined ? shortForm(only[0], only[1]) : undefined;
    if (short !== undefined) return short;
    const map = new YAMLMap();
    map.items = entries.map(([key, item]) => new Pair(new Scalar(key), toNode(item)));
    map.flow = map.items.length <= 2 && map.items.every(({ value: item }) => item instanceof Scalar && item.type !== Scalar.BLOCK_LITERAL && item.tag === undefined);
    return map;
  }
  const scalar = new Scalar(value);
  if (typeof value === 'string' && value.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}
