/**
 * The managed policy itself: read its default document and versions, create it, restore its
 * canonical document (policy-versions.ts decides), list who carries it.
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
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { errorMessage, isEntityAlreadyExists, isNoSuchEntity, PolicyChangedError, PolicyNotFoundError, required, ResponseError } from './errors.ts';
import * as policyVersions from '../core/policy-versions.ts';
import type { PolicyDocument, PolicyVersionInfo } from '../core/policy-versions.ts';
import type { Iam } from './iam.ts';
import * as paging from './paging.ts';

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
 * Makes `document` the default version unless it already is (policy-versions.repair decides, and
 * which old version to delete when 5 exist); `dryRun` reads and decides but writes nothing. Idempotent.
 */
export async function restorePolicyDocument(iam: Iam, policyArn: string, document: unknown, options: { readonly dryRun?: boolean } = {}): Promise<'unchanged' | 'restored' | 'dry-run'> {
  const current = await getPolicyDocument(iam, policyArn);
  if (!current) {
    if (options.dryRun) return 'dry-run';
    throw new PolicyNotFoundError(policyArn, 'cannot restore the document of a missing policy; create it');
  }
  const step = policyVersions.repair(current, document);
  if (step.kind === 'unchanged') return 'unchanged';
  if (options.dryRun) return 'dry-run';
  if (step.deleteVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: step.deleteVersion }));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }));
  return 'restored';
}

/** Who carries the policy as a permissions policy. */
export interface PolicyEntities {
  readonly users: string[];
  readonly groups: string[];
  readonly roles: string[];
}

/** The users, groups and roles the policy is attached to (ListEntitiesForPolicy, every page); PolicyNotFoundError if it does not exist. */
export async function policyEntities(iam: Iam, policyArn: string): Promise<PolicyEntities> {
  const operation = 'ListEntitiesForPolicy';
  try {
    const pages = await paging.all(operation, (Marker) =>
      iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000, ...(Marker && { Marker }) })),
    );
    const names = <T>(list: (page: (typeof pages)[number]) => readonly T[] | undefined, field: string, name: (item: T) => string | undefined) =>
      pages.flatMap((page, p) => (list(page) ?? []).map((item, i) => required(name(item), operation, `page ${p + 1}: ${field}[${i}]`)));
    return {
      users: names((page) => page.PolicyUsers, 'PolicyUsers', (u) => u.UserName),
      groups: names((page) => page.PolicyGroups, 'PolicyGroups', (g) => g.GroupName),
      roles: names((page) => page.PolicyRoles, 'PolicyRoles', (r) => r.RoleName),
    };
  } catch (error) {
    if (isNoSuchEntity(error)) throw new PolicyNotFoundError(policyArn, errorMessage(error), { cause: error });
    throw error;
  }
}

/** Every version of the policy (ListPolicyVersions, every page); NoSuchEntity propagates. */
export async function listVersions(iam: Iam, policyArn: string): Promise<PolicyVersionInfo[]> {
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
