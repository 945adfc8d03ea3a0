/**
 * The managed policy itself: read its default document, create it, restore its canonical document.
 * Re-exported by `iam.ts`; import it from there.
 *
 * @example
 * ```ts
 * if ((await iam.restorePolicyDocument(client, policyArn, canonical)) === 'restored') log('restored');
 * ```
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  GetPolicyVersionCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { errorMessage, isEntityAlreadyExists, isNoSuchEntity, PolicyChangedError, PolicyNotFoundError, required, ResponseError } from './errors.ts';
import type { Iam } from './iam.ts';
import * as paging from './paging.ts';

/** A managed policy keeps at most 5 versions. */
export const MAX_POLICY_VERSIONS = 5;

/** One version of a managed policy. */
export interface PolicyVersionInfo {
  readonly id: string;
  readonly isDefault: boolean;
  readonly created: Date;
}

/** A managed policy's default document (parsed JSON) and its versions. */
export interface PolicyDocument {
  readonly defaultVersionId: string;
  readonly document: unknown;
  readonly versions: readonly PolicyVersionInfo[];
}

/** What `createPolicy` needs. */
export interface NewPolicy {
  readonly name: string;
  readonly path?: string;
  readonly document: unknown;
  readonly description?: string;
}

/**
 * The default version's document (ListPolicyVersions, then GetPolicyVersion of the default);
 * undefined if the policy does not exist. The URL-encoded `Document` is decoded and parsed.
 */
export async function getPolicyDocument(iam: Iam, policyArn: string): Promise<PolicyDocument | undefined> {
  let versions: PolicyVersionInfo[];
  try {
    versions = await listVersions(iam, policyArn);
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  const defaults = versions.filter((v) => v.isDefault);
  const [current] = defaults;
  if (!current || defaults.length > 1) throw new ResponseError('ListPolicyVersions', 'Versions', `expected one default version, found ${defaults.length}`);
  const { PolicyVersion: version } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: current.id }));
  if (version?.IsDefaultVersion === false) throw new PolicyChangedError(policyArn, `${current.id} is no longer the default version`);
  const text = required(version?.Document, 'GetPolicyVersion', 'PolicyVersion.Document');
  return { defaultVersionId: current.id, document: decodeDocument(text), versions };
}

/** Creates the managed policy and returns its ARN (EntityAlreadyExists propagates: see errors.isEntityAlreadyExists). */
export async function createPolicy(iam: Iam, policy: NewPolicy): Promise<string> {
  const { name, path, document, description } = policy;
  const { Policy: created } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: name,
      ...(path !== undefined && { Path: path }),
      PolicyDocument: JSON.stringify(document),
      ...(description !== undefined && { Description: description }),
    }),
  );
  return required(created?.Arn, 'CreatePolicy', 'Policy.Arn');
}

/**
 * Creates the policy unless one of that name exists: true if it was created, false if
 * EntityAlreadyExists (recreated meanwhile by another invocation; policy names are unique per account).
 */
export async function ensurePolicy(iam: Iam, policy: NewPolicy): Promise<boolean> {
  try {
    await createPolicy(iam, policy);
    return true;
  } catch (error) {
    if (isEntityAlreadyExists(error)) return false;
    throw error;
  }
}

/**
 * Makes `document` the default version unless it already is (compared as parsed JSON, key order
 * ignored). With 5 versions the oldest non-default one is deleted first. Idempotent.
 */
export async function restorePolicyDocument(iam: Iam, policyArn: string, document: unknown): Promise<'unchanged' | 'restored'> {
  const current = await getPolicyDocument(iam, policyArn);
  if (!current) throw new PolicyNotFoundError(policyArn, 'cannot restore the document of a missing policy; create it');
  if (sameDocument(current.document, document)) return 'unchanged';
  if (current.versions.length >= MAX_POLICY_VERSIONS) {
    const [oldest] = current.versions.filter((v) => !v.isDefault).sort(byAge);
    if (oldest) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: oldest.id }));
  }
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }));
  return 'restored';
}

/** Structural equality of two parsed JSON documents: object key order is ignored, array order is not. */
export function sameDocument(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameDocument(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameDocument(a[k], b[k]));
  }
  return a === b;
}

async function listVersions(iam: Iam, policyArn: string): Promise<PolicyVersionInfo[]> {
  const operation = 'ListPolicyVersions';
  const pages = await paging.all(operation, (Marker) => iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, ...(Marker && { Marker }) })));
  return pages.flatMap((page, p) =>
    (page.Versions ?? []).map((v, i) => {
      const at = `page ${p + 1}: Versions[${i}]`;
      return {
        id: required(v.VersionId, operation, `${at}.VersionId`),
        isDefault: required(v.IsDefaultVersion, operation, `${at}.IsDefaultVersion`),
        created: required(v.CreateDate, operation, `${at}.CreateDate`),
      };
    }),
  );
}

// IAM returns documents URL-encoded (RFC 3986).
function decodeDocument(text: string): unknown {
  try {
    return JSON.parse(decodeURIComponent(text));
  } catch (error) {
    throw new ResponseError('GetPolicyVersion', 'PolicyVersion.Document', `not URL-encoded JSON (${errorMessage(error)})`);
  }
}

function byAge(a: PolicyVersionInfo, b: PolicyVersionInfo): number {
  return a.created.getTime() - b.created.getTime() || versionNumber(a.id) - versionNumber(b.id);
}

function versionNumber(id: string): number {
  return Number(id.replace(/^v/, '')) || 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
