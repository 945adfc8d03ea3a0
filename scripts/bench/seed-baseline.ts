/**
 * The seed design's way of doing the same work, for comparison: the whitelist re-read from SSM on
 * every invocation, users listed with ListUsers (IAM's default page of 100), one
 * ListAttachedUserPolicies per user, one PutEvaluations per user, one attach at a time. Decisions
 * are the core's, so both designs reach the same state; only the AWS calls differ. It goes
 * through the same clients, so the same account counts its calls.
 */
import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { AttachUserPolicyCommand, CreatePolicyCommand, ListAttachedUserPoliciesCommand, ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { isEntityAlreadyExists, required } from '../../src/aws/errors.ts';
import * as paging from '../../src/aws/paging.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import * as cloudtrail from '../../src/core/cloudtrail.ts';
import * as complianceChange from '../../src/core/compliance-change.ts';
import * as evaluations from '../../src/core/evaluations.ts';
import { parsePolicyArn, sameUserName } from '../../src/core/names.ts';
import * as ruleInvocation from '../../src/core/rule-invocation.ts';
import { classify, type UserFacts } from '../../src/core/users.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import type { AccountClients } from '../../sim/account.ts';

/** What the seed design runs with. */
export interface Seed {
  readonly clients: AccountClients;
  readonly policyArn: string;
  readonly whitelistParameter: string;
  readonly ruleName: string;
  readonly document: unknown;
  readonly now: Date;
}

/** ScheduledNotification: every user listed, read and reported one by one. */
export async function sweep(seed: Seed, event: unknown): Promise<number> {
  const invocation = ruleInvocation.decode(event);
  if (invocation.kind !== 'scheduled') throw new Error(`seed sweep: expected a scheduled invocation, got ${invocation.kind}`);
  const exemptions = await whitelist(seed);
  let put = 0;
  for (const user of await listUsers(seed)) {
    const facts = await userFacts(seed, user);
    await report(seed, invocation.resultToken, evaluations.forState(facts.id, classify(facts, exemptions, seed.policyArn, seed.now), invocation.orderingTimestamp));
    put += 1;
  }
  return put;
}

/** ConfigurationItemChangeNotification: the user's policies read again from IAM, one evaluation put. */
export async function change(seed: Seed, event: unknown): Promise<void> {
  const invocation = ruleInvocation.decode(event);
  if (invocation.kind !== 'change') throw new Error(`seed change: expected a change invocation, got ${invocation.kind}`);
  const exemptions = await whitelist(seed);
  const facts = { ...invocation.user, attachedPolicyArns: await attachedPolicies(seed, invocation.user.name) };
  await report(seed, invocation.resultToken, evaluations.forState(facts.id, classify(facts, exemptions, seed.policyArn, seed.now), invocation.orderingTimestamp));
}

/** Compliance Change: the user ID found by listing users (page by page, stopping at it), then checked and attached. */
export async function remediate(seed: Seed, event: unknown): Promise<void> {
  const change = complianceChange.decode(event, seed.ruleName);
  if (change.kind !== 'non-compliant') throw new Error(`seed remediate: expected a non-compliant change, got ${change.kind}`);
  const exemptions = await whitelist(seed);
  let found: User | undefined;
  let marker: string | undefined;
  do {
    const page = await seed.clients.iam.send(new ListUsersCommand({ ...(marker && { Marker: marker }) }));
    found = page.Users?.find((u) => u.UserId === change.userId);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (!found && marker);
  if (found) await repair(seed, await userFacts(seed, found), exemptions);
}

/** CreateUser or DetachUserPolicy: the user's policies read, then attached when missing. */
export async function repairUser(seed: Seed, event: unknown): Promise<void> {
  const call = cloudtrail.decode(event, seed.policyArn);
  if (call.kind !== 'create-user' && call.kind !== 'detach-user-policy') throw new Error(`seed repairUser: unexpected ${call.kind}`);
  const exemptions = await whitelist(seed);
  const policies = await attachedPolicies(seed, call.userName);
  // The seed matched the whitelist by name only.
  const id = call.kind === 'create-user' && call.userId ? call.userId : (exemptions.find((e) => sameUserName(e.name, call.userName))?.userId ?? '');
  await repair(seed, { name: call.userName, id, path: '/', attachedPolicyArns: policies }, exemptions);
}

/** DeletePolicy: the policy recreated, then every user listed, read and repaired one at a time. */
export async function deletePolicy(seed: Seed, event: unknown): Promise<number> {
  const call = cloudtrail.decode(event, seed.policyArn);
  if (call.kind !== 'delete-policy') throw new Error(`seed deletePolicy: unexpected ${call.kind}`);
  const exemptions = await whitelist(seed);
  const parts = parsePolicyArn(seed.policyArn);
  if (!parts) throw new Error(`seed deletePolicy: ${seed.policyArn} is not a policy ARN`);
  try {
    await seed.clients.iam.send(new CreatePolicyCommand({ PolicyName: parts.name, Path: parts.path, PolicyDocument: JSON.stringify(seed.document) }));
  } catch (error) {
    if (!isEntityAlreadyExists(error)) throw error;
  }
  let attached = 0;
  for (const user of await listUsers(seed)) if (await repair(seed, await userFacts(seed, user), exemptions)) attached += 1;
  return attached;
}

/** The whitelist, read again on every invocation. */
export async function whitelist(seed: Seed): Promise<Exemption[]> {
  return ssmApi.readWhitelist(seed.clients.ssm, seed.whitelistParameter);
}

async function listUsers(seed: Seed): Promise<User[]> {
  const pages = await paging.all('ListUsers', (Marker) => seed.clients.iam.send(new ListUsersCommand({ ...(Marker && { Marker }) })));
  return pages.flatMap((page) => page.Users ?? []);
}

async function attachedPolicies(seed: Seed, userName: string): Promise<string[]> {
  const pages = await paging.all('ListAttachedUserPolicies', (Marker) =>
    seed.clients.iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, ...(Marker && { Marker }) })),
  );
  return pages.flatMap((page) => (page.AttachedPolicies ?? []).map((p) => required(p.PolicyArn, 'ListAttachedUserPolicies', 'PolicyArn')));
}

/** A listed user's facts: its policies read with ListAttachedUserPolicies. */
export async function userFacts(seed: Seed, user: User): Promise<UserFacts> {
  const name = required(user.UserName, 'ListUsers', 'UserName');
  return { name, id: required(user.UserId, 'ListUsers', 'UserId'), path: required(user.Path, 'ListUsers', 'Path'), attachedPolicyArns: await attachedPolicies(seed, name) };
}

/** One PutEvaluations per evaluation. */
export async function report(seed: Seed, resultToken: string, evaluation: evaluations.Evaluation): Promise<void> {
  await seed.clients.config.send(new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: [evaluation] }));
}

/** Attaches the policy unless the user is exempt or has it; true when it attached. */
async function repair(seed: Seed, user: UserFacts, exemptions: readonly Exemption[]): Promise<boolean> {
  if (classify(user, exemptions, seed.policyArn, seed.now).kind !== 'violating') return false;
  await seed.clients.iam.send(new AttachUserPolicyCommand({ UserName: user.name, PolicyArn: seed.policyArn }));
  return true;
}
