import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import * as orgSettings from '../../src/org/settings.ts';
import { rejects } from '../support/assert.ts';

const parse = suite('orgSettings.parse');

parse('reads the variables, with defaults', () => {
  assert.equal(orgSettings.parse({ OUS: 'r-ab12, ou-ab12-34cd56ef', HOME_REGION: 'eu-west-1', CANARY: '222222222201', YES: '1' }), {
    ous: ['r-ab12', 'ou-ab12-34cd56ef'],
    homeRegion: 'eu-west-1',
    mode: 'enforce',
    canary: '222222222201',
    yes: true,
    operators: [],
    whitelistFile: 'whitelist-org.txt',
    prefix: 'mfa-guard',
    concurrency: 8,
    json: false,
  });
});

parse('names the variable at fault', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ HOME_REGION: 'eu-west-1' }, /^OUS is not set/],
    [{ OUS: 'workloads', HOME_REGION: 'eu-west-1' }, /^OUS: "workloads" is neither a root ID/],
    [{ OUS: 'r-ab12,r-ab12', HOME_REGION: 'eu-west-1' }, /^OUS lists a target twice/],
    [{ OUS: 'r-ab12' }, /^HOME_REGION is not set/],
    [{ OUS: 'r-ab12', HOME_REGION: 'europe' }, /^HOME_REGION "europe" is not a region name/],
    [{ OUS: 'r-ab12', HOME_REGION: 'eu-west-1', MODE: 'audit' }, /^MODE "audit"/],
    [{ OUS: 'r-ab12', HOME_REGION: 'eu-west-1', CANARY: '1234' }, /^CANARY "1234" is not a 12-digit account ID/],
    [{ OUS: 'r-ab12', HOME_REGION: 'eu-west-1', OPERATORS: 'admin' }, /^OPERATORS: "admin" is not an IAM role or user ARN/],
    [{ OUS: 'r-ab12', HOME_REGION: 'eu-west-1', CONCURRENCY: '0' }, /^CONCURRENCY "0"/],
  ];
  for (const [env, message] of cases) assert.match(rejects(() => orgSettings.parse(env), DeployError).problem, message);
});

parse('report-org and destroy-org need no OUS', () => {
  assert.equal(orgSettings.parse({ HOME_REGION: 'eu-west-1' }, false).ous, []);
});

const operator = suite('orgSettings.operatorOf');

operator('an assumed-role session trusts its role; an IAM user itself; anything else nothing', () => {
  assert.is(orgSettings.operatorOf('arn:aws:sts::111111111111:assumed-role/OrgAdmin/alice'), 'arn:aws:iam::111111111111:role/OrgAdmin');
  assert.is(orgSettings.operatorOf('arn:aws-cn:sts::111111111111:assumed-role/OrgAdmin/alice'), 'arn:aws-cn:iam::111111111111:role/OrgAdmin');
  assert.is(orgSettings.operatorOf('arn:aws:iam::111111111111:user/ops/bob'), 'arn:aws:iam::111111111111:user/ops/bob');
  assert.is(orgSettings.operatorOf('arn:aws:iam::111111111111:root'), undefined);
});

const layout = suite('orgSettings.stackSets');

layout('access and home in the home region, the forwarder in us-east-1 (cn-north-1 in China), none when the home region is that region', () => {
  const regions = (homeRegion: string) => orgSettings.stackSets({ homeRegion, prefix: 'mfa-guard' }).map((l) => `${l.name} ${l.regions.join(',')}`);
  assert.equal(regions('eu-west-1'), ['mfa-guard-access eu-west-1', 'mfa-guard-home eu-west-1', 'mfa-guard-iam-events us-east-1']);
  assert.equal(regions('cn-northwest-1'), ['mfa-guard-access cn-northwest-1', 'mfa-guard-home cn-northwest-1', 'mfa-guard-iam-events cn-north-1']);
  assert.equal(regions('us-east-1'), ['mfa-guard-access us-east-1', 'mfa-guard-home us-east-1']);
});

parse.run();
operator.run();
layout.run();
