/**
 * The templates are StackSet-safe: a StackSet gives every account the same parameter values, so
 * each parameter has a default or is one deploy-org sets (the whitelist varies only as an instance
 * override), nothing per account is a parameter (the forwarder builds the policy ARN from
 * ${AWS::AccountId}), and a named IAM resource, global to the account, sits only in a template
 * deployed in one region.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Json } from '../../src/cfn/template.ts';
import { stackSetParameters, stackSets } from '../../src/org/settings.ts';
import * as templates from '../support/templates.ts';

const FILES = { access: templates.ORG_ACCESS, home: templates.HOME, forwarder: templates.FORWARDER } as const;
const FACTS = { homeRegion: 'eu-west-1', mode: 'enforce', prefix: 'mfa-guard', operators: ['arn:aws:iam::111111111111:role/OrgAdmin'], organizationId: 'o-a1b2c3d4e5', emptyWhitelist: '{"version":1,"exemptions":[]}', code: {} } as const;
const NAMED_IAM: Readonly<Record<string, string>> = { 'AWS::IAM::Role': 'RoleName', 'AWS::IAM::ManagedPolicy': 'ManagedPolicyName', 'AWS::IAM::User': 'UserName', 'AWS::IAM::Group': 'GroupName', 'AWS::IAM::InstanceProfile': 'InstanceProfileName' };

const safety = suite('StackSet safety');

for (const [key, file] of Object.entries(FILES) as [keyof typeof FILES, string][]) {
  const t = templates.load(file);
  const given = stackSetParameters(key, FACTS);

  safety(`${file}: every parameter has a default or is set by deploy-org; deploy-org sets no parameter the template lacks`, () => {
    const declared = Object.entries(t.Parameters ?? {});
    assert.equal(declared.filter(([name, p]) => p.Default === undefined && !(name in given)).map(([name]) => name), []);
    assert.equal(Object.keys(given).filter((name) => !(name in (t.Parameters ?? {}))), []);
  });

  safety(`${file}: named IAM resources only where the StackSet deploys in one region`, () => {
    const named = Object.entries(t.Resources).filter(([, r]) => NAMED_IAM[r.Type] !== undefined && r.Properties?.[NAMED_IAM[r.Type] ?? ''] !== undefined);
    const layout = stackSets({ homeRegion: 'eu-west-1', prefix: 'mfa-guard' }).find((l) => l.key === key);
    if (named.length > 0) assert.is(layout?.regions.length, 1, `${file} names ${named.map(([id]) => id).join(', ')}`);
  });
}

safety('no parameter holds a per-account value: the forwarder builds the policy ARN from ${AWS::AccountId} and the home stack\'s name and path', () => {
  const forwarder = templates.load(templates.FORWARDER);
  assert.not.ok('PolicyArn' in (forwarder.Parameters ?? {}));
  const pattern = JSON.stringify(templates.property(forwarder, 'ForwardRule', 'EventPattern') as Json);
  assert.match(pattern, '${AWS::AccountId}:policy${PolicyPath}${PolicyName}');
  // The access role's OperatorPrincipalArns name the administrator account: the same for every member.
  for (const file of [templates.HOME, templates.FORWARDER]) {
    for (const [name, p] of Object.entries(templates.load(file).Parameters ?? {})) assert.not.match(String(p.AllowedPattern ?? ''), /\\d\{12\}/, `${file} ${name} takes an account ID`);
  }
});

safety('no resource name derives from the stack name: under a StackSet it is StackSet-<name>-<uuid>, too long for <name>_config-rule', () => {
  const named = ['RoleName', 'FunctionName', 'Name', 'QueueName', 'LogGroupName', 'ManagedPolicyName'];
  for (const file of Object.values(FILES)) {
    for (const [id, r] of Object.entries(templates.load(file).Resources)) {
      for (const property of named) {
        const value = r.Properties?.[property];
        if (value !== undefined) assert.not.match(JSON.stringify(value), 'AWS::StackName', `${file} ${id}.${property}`);
      }
    }
  }
});

safety('in organisation mode the home stack owns the whitelist parameter, from WhitelistJson; single-account mode leaves it to make deploy', () => {
  const home = templates.load(templates.HOME);
  const parameter = templates.resource(home, 'WhitelistParameter');
  assert.is(parameter.Condition, 'OwnsWhitelist');
  assert.equal(home.Conditions?.OwnsWhitelist, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'WhitelistJson' }, ''] }] });
  assert.equal(parameter.Properties?.Value, { Ref: 'WhitelistJson' });
  assert.equal(parameter.Properties?.Name, { Ref: 'WhitelistParameterName' });
  assert.is(home.Parameters?.WhitelistJson?.Default, '');
});

safety.run();
