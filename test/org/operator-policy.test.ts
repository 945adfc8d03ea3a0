/**
 * docs/org-operator-policy.json, the policy the README gives the operator of deploy-org,
 * report-org and destroy-org, simulated with a real IAM policy evaluator against every call those
 * commands made as the administrator (the in-memory organisation's call log): each is allowed, and
 * the policy grants no action they do not call.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { OrgCall } from '../../sim/org.ts';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ALLOW, NOT_GRANTED, type Decision } from '../support/simulate.ts';
import { destroy, HOME_REGION, report, run, scene } from './harness.ts';

const here = (import.meta as ImportMeta & { readonly url: string }).url;
const text = readFileSync(new URL('../../docs/org-operator-policy.json', here), 'utf8');
const OPERATOR = 'arn:aws:sts::111111111111:assumed-role/OrgAdmin/operator';
/** Calls STS answers for anyone. */
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

function policyFor(orgId: string) {
  return [{ name: 'operator', policy: JSON.parse(text.replace('o-exampleorgid', orgId)) as unknown }];
}

/**
 * IAM's decision for the operator's side of a request, evaluated in the administrator account
 * (111111111111): the member's side of an AssumeRole is its trust policy, simulated in test/cfn/org-access.test.ts.
 */
async function decide(action: string, resource: string, orgId: string, context: Record<string, string>): Promise<Decision> {
  const request = { principal: OPERATOR, action, resource: { resource, accountId: '111111111111' }, contextVariables: context };
  const result = await runSimulation({ request, identityPolicies: policyFor(orgId), serviceControlPolicies: [], resourceControlPolicies: [] }, {});
  if (result.resultType === 'error') throw new Error(`simulation refused ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}

/** The resource a call acts on, as IAM authorises it. */
function resourceOf(call: OrgCall): string {
  if (call.command === 'AssumeRole') return String(call.input.RoleArn);
  if (call.command === 'CreateStackSet') return '*';
  const name = call.input.StackSetName;
  if (call.service === 'cloudformation' && typeof name === 'string') return `arn:aws:cloudformation:${HOME_REGION}:111111111111:stackset/${name}:0000-00000001`;
  return '*';
}

const policy = suite('the operator policy of the README');

policy('allows every call deploy-org, report-org and destroy-org make as the administrator, and grants nothing else', async () => {
  const { org, outer } = scene({ without: ['222222222202'] });
  org.member('222222222201').account.addUser({ name: 'ci' });
  await run(org, { OUS: outer, CANARY: '222222222203' }, '*/ci\n');
  org.addRecorder('222222222202', HOME_REGION);
  const access = org.stackSets.get('mfa-guard-access');
  if (!access) throw new Error('no access StackSet');
  access.managedExecution = false;
  access.templateBody += '\n';
  access.operations.push({ id: 'op-someone-else', action: 'UPDATE', status: 'RUNNING', preferences: {}, regions: [HOME_REGION], steps: [], created: org.now });
  await run(org, { OUS: outer, MODE: 'report' }, '');
  await report(org);
  org.delegatedAdmins.add('222222222201');
  org.actAs('222222222201', 'OrgAdmin');
  assert.is((await destroy(org)).code, 0);
  const calls = org.calls.filter((c) => c.role === undefined);
  const actions = new Map<string, OrgCall>();
  for (const call of calls) actions.set(`${call.service}:${call.command}`, call);
  const refused: string[] = [];
  for (const [action, call] of actions) {
    if (NO_PERMISSION.has(action)) continue;
    if ((await decide(action, resourceOf(call), org.id, { 'aws:ResourceOrgID': org.id })) !== ALLOW) refused.push(action);
  }
  assert.equal(refused, []);
  const granted = (JSON.parse(text) as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());
  assert.equal(granted.filter((a) => !actions.has(a)), []);
});

policy('the read-only role of an account outside the organisation, and another StackSet, are refused', async () => {
  const arn = 'arn:aws:iam::999999999999:role/mfa-guard-org-read';
  assert.is(await decide('sts:AssumeRole', arn, 'o-a1b2c3d4e5', { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' }), NOT_GRANTED);
  const other = `arn:aws:cloudformation:${HOME_REGION}:111111111111:stackset/payments-baseline:0000-00000001`;
  assert.is(await decide('cloudformation:DeleteStackSet', other, 'o-a1b2c3d4e5', {}), NOT_GRANTED);
});

policy.run();
