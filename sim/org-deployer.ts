/**
 * What a StackSet instance does in a member account, modelled on the resource types of our three
 * templates: the parameters resolved as CloudFormation resolves them (instance override, else the
 * StackSet's value, else the template's Default, else a failure), every resource name within its
 * service's limit (rendered with the StackSet's stack name, StackSet-<name>-<id>), a Config rule that needs a Config
 * recorder in that region (the field report: `NoAvailableConfigurationRecorderException` rolls the
 * stack back), the managed policy with its canonical document, the whitelist parameter the home
 * stack owns in organisation mode, and the read-only role with its trust.
 */
import type { Parameter } from '@aws-sdk/client-cloudformation';
import * as template from '../src/cfn/template.ts';
import * as policyDocument from '../src/core/policy-document.ts';
import type { MemberStack, OrgAccount, StackSetState } from './org-state.ts';

/** How one instance ended: done, or failed with CloudFormation's reason. */
export type DeployOutcome = { readonly ok: true; readonly stack: MemberStack } | { readonly ok: false; readonly reason: string };

const cache = new Map<string, template.Template>();

/** The template, parsed once per distinct body (a rollout deploys the same body to every account). */
function parsed(body: string, source: string): template.Template {
  let found = cache.get(body);
  if (!found) {
    found = template.parse(body, source);
    if (cache.size > 32) cache.clear();
    cache.set(body, found);
  }
  return found;
}

/** Parameter values of one instance: override, StackSet value, template default; names the parameters left without a value. */
export function resolveParameters(body: template.Template, stackSet: readonly Parameter[], overrides: readonly Parameter[]): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, declared] of Object.entries(body.Parameters ?? {})) {
    const value = overrides.find((p) => p.ParameterKey === name)?.ParameterValue ?? stackSet.find((p) => p.ParameterKey === name)?.ParameterValue ?? declared.Default;
    if (value === undefined || value === null) missing.push(name);
    else values[name] = String(value);
  }
  return { values, missing };
}

/** Creates or updates the stack of `stackSet` in `member`/`region`; a failure leaves the account as it was. */
export function deploy(member: OrgAccount, region: string, stackSet: StackSetState, overrides: readonly Parameter[], stackId: string): DeployOutcome {
  const body = parsed(stackSet.templateBody, stackSet.name);
  const unknown = [...stackSet.parameters, ...overrides].map((p) => p.ParameterKey ?? '').filter((k) => !(k in (body.Parameters ?? {})));
  if (unknown.length > 0) return { ok: false, reason: `ParameterValidationFailed: Parameters: [${[...new Set(unknown)].join(', ')}] do not exist in the template` };
  const { values, missing } = resolveParameters(body, stackSet.parameters, overrides);
  if (missing.length > 0) return { ok: false, reason: `ParameterValidationFailed: Parameters: [${missing.join(', ')}] must have values` };
  const types = Object.values(body.Resources).map((r) => r.Type);
  const recorder = member.recorders.get(region);
  if (types.includes('AWS::Config::ConfigRule') && !recorder) {
    return {
      ok: false,
      reason:
        'ResourceLogicalId:ConfigRule, ResourceType:AWS::Config::ConfigRule, ResourceStatusReason:NoAvailableConfigurationRecorderException: Configuration recorder is not available to put delivery channel or rule.',
    };
  }
  const key = `${region}/${stackSet.name}`;
  const existing = member.stacks.get(key);
  const stack: MemberStack = existing ?? { name: `StackSet-${stackSet.name}-${uuidOf(stackId)}`, id: stackId, region, stackSet: stackSet.name, status: 'CREATE_COMPLETE', parameters: {}, outputs: {}, functions: {} };
  const vars: policyDocument.RenderVars = { partition: member.account.partition, accountId: member.id, region, policyName: values.PolicyName ?? '', policyPath: values.PolicyPath ?? '/', names: { ...values, 'AWS::StackName': stack.name } };
  const tooLong = namesOverLimit(body, vars);
  if (tooLong) return { ok: false, reason: tooLong };
  if (types.includes('AWS::IAM::ManagedPolicy')) {
    const path = values.PolicyPath ?? '/';
    const arn = member.account.iamArn('policy', path, values.PolicyName ?? '');
    const held = member.account.policy(arn);
    if (held && existing?.policyArn?.toLowerCase() !== arn.toLowerCase()) {
      return { ok: false, reason: `ResourceLogicalId:Policy, ResourceType:AWS::IAM::ManagedPolicy, ResourceStatusReason:${values.PolicyName} already exists in stack arn:aws:cloudformation:${region}:${member.id}:stack/mfa-guard` };
    }
    if (!held) {
      const document = policyDocument.render(template.policyDocumentOf(body, stackSet.name), { ...vars, names: { ...vars.names, ...namesOf(body, arn, member.id, region) } });
      member.account.createPolicy({ name: values.PolicyName ?? '', path, document: JSON.stringify(document) });
    }
    stack.policyArn = arn;
    stack.outputs.PolicyArn = arn;
  }
  if (types.includes('AWS::SSM::Parameter') && values.WhitelistJson) {
    const name = values.WhitelistParameterName ?? '';
    member.account.setParameter(name, values.WhitelistJson);
    stack.whitelistParameter = name;
  }
  const role = Object.values(body.Resources).find((r) => r.Type === 'AWS::IAM::Role' && r.Properties?.RoleName !== undefined);
  if (role) {
    const name = values.RoleName ?? String(role.Properties?.RoleName);
    const principals = (values.OperatorPrincipalArns ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    member.roles.set(name, { name, arn: `arn:${member.account.partition}:iam::${member.id}:role/${name}`, principals, orgId: values.OrganizationId ?? '' });
    stack.role = name;
  }
  stack.functions = functionEnvironments(body, { ...vars, names: { ...vars.names, ...namesOf(body, stack.outputs.PolicyArn ?? '', member.id, region) } });
  stack.parameters = values;
  stack.status = existing ? 'UPDATE_COMPLETE' : 'CREATE_COMPLETE';
  member.stacks.set(key, stack);
  return { ok: true, stack };
}

/** Deletes the stack of `stackSet` in `member`/`region` (nothing there: done); a policy still attached fails as IAM's DeletePolicy does. */
export function remove(member: OrgAccount, region: string, stackSet: string): DeployOutcome | { readonly ok: true; readonly stack?: undefined } {
  const key = `${region}/${stackSet}`;
  const stack = member.stacks.get(key);
  if (!stack) return { ok: true };
  if (stack.policyArn) {
    const policy = member.account.policy(stack.policyArn);
    const holders = policy ? member.account.usersWithPolicy(policy) : [];
    if (holders.length > 0) {
      stack.status = 'DELETE_FAILED';
      return { ok: false, reason: `ResourceLogicalId:Policy, ResourceType:AWS::IAM::ManagedPolicy, ResourceStatusReason:DeleteConflict: Cannot delete a policy attached to entities (${holders.length} users).` };
    }
    if (policy) member.account.policies.delete(policy.arn.toLowerCase());
  }
  if (stack.whitelistParameter) member.account.parameters.delete(stack.whitelistParameter);
  if (stack.role) member.roles.delete(stack.role);
  member.stacks.delete(key);
  return { ok: true };
}

/** The functions' environment variables, resolved as CloudFormation would (parameters, pseudo parameters, the policy, the Config rule's ARN). */
function functionEnvironments(body: template.Template, vars: policyDocument.RenderVars): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [id, resource] of Object.entries(body.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = (resource.Properties?.Environment as { Variables?: Record<string, template.Json> } | undefined)?.Variables ?? {};
    out[id] = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(policyDocument.render(value, vars))]));
  }
  return out;
}

/** What `Ref` and `Fn::GetAtt` of the template's own resources return here: the policy's ARN, the Config rule's name and ARN. */
function namesOf(body: template.Template, policyArn: string, account: string, region: string): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [id, resource] of Object.entries(body.Resources)) {
    if (resource.Type === 'AWS::IAM::ManagedPolicy') names[id] = policyArn;
    if (resource.Type === 'AWS::Config::ConfigRule') names[`${id}.Arn`] = `arn:aws:config:${region}:${account}:config-rule/config-rule-a1b2c3`;
  }
  return names;
}

/** The names a stack gives its resources, with the service's limit on each (IAM, Lambda, EventBridge, SQS, CloudWatch Logs). */
export const NAME_LIMITS: ReadonlyArray<readonly [string, string, number]> = [
  ['AWS::IAM::Role', 'RoleName', 64],
  ['AWS::Lambda::Function', 'FunctionName', 64],
  ['AWS::Events::Rule', 'Name', 64],
  ['AWS::SQS::Queue', 'QueueName', 80],
  ['AWS::Logs::LogGroup', 'LogGroupName', 512],
  ['AWS::SNS::Topic', 'TopicName', 256],
  ['AWS::CloudWatch::Alarm', 'AlarmName', 255],
];

/** The first resource name over its limit, as CloudFormation's failure would say it; undefined when all fit. */
function namesOverLimit(body: template.Template, vars: policyDocument.RenderVars): string | undefined {
  for (const [id, resource] of Object.entries(body.Resources)) {
    const rule = NAME_LIMITS.find(([type]) => type === resource.Type);
    const value = rule && resource.Properties?.[rule[1]];
    if (!rule || value === undefined) continue;
    const name = String(policyDocument.render(value, vars));
    if (name.length > rule[2]) return `ResourceLogicalId:${id}, ResourceType:${resource.Type}, ResourceStatusReason:${rule[1]} ${name} is ${name.length} characters, more than ${rule[2]}`;
  }
  return undefined;
}

/** A UUID-shaped instance ID (StackSet stack names end with one), from the stack ID's counter. */
function uuidOf(stackId: string): string {
  const digits = (stackId.match(/\d+$/)?.[0] ?? '0').padStart(12, '0').slice(-12);
  return `a1b2c3d4-e5f6-4a7b-8c9d-${digits}`;
}
