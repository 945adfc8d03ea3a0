/**
 * `make demo-org`: the organisation commands against an in-memory organisation (sim/org.ts), with
 * no account and no network: deploy-org in report mode with a canary (one account lacks a Config
 * recorder, one is suspended), the rerun once it records, report-org, the switch to enforce, an
 * account created later, and destroy-org. Prints each command and its output; exits 1 unless every
 * account was covered before destroy-org, and destroy-org left nothing.
 */
import process from 'node:process';
import { readFileSync } from 'node:fs';
import * as orgSettings from '../src/org/settings.ts';
import { MemoryOrganization } from '../sim/org.ts';
import type { Io, Pace } from './deploy/io.ts';
import { runMain } from './operator/cli.ts';
import { deployOrg } from './org/deploy-org.ts';
import { destroyOrg } from './org/destroy-org.ts';
import { reportOrg } from './org/report-org.ts';

const HOME_REGION = 'eu-west-1';
const WHITELIST = '222222222203/ci-deployer  # GitHub Actions deploys\n';
const template = (file: string) => readFileSync(new URL(`../cfn/${file}`, import.meta.url), 'utf8');
// The templates as written (the in-memory accounts do not run the inlined code; make synth's output has the same parameters and resources).
const TEMPLATES = { access: template('org-access.yml'), home: template('mfa-guard.yml'), forwarder: template('iam-events.yml') };

const out = (text: string) => void process.stdout.write(text);
const io: Io = { print: (line) => out(`${line}\n`), confirm: async (question) => (out(`${question} yes (YES=1)\n`), true) };
let clock = new Date('2025-01-15T12:00:00Z').getTime();
const pace: Pace = { now: () => new Date(clock), sleep: async (ms) => void (clock += ms), pollMs: 5_000, timeoutMs: 30 * 60_000 };

/** Root → workloads (2 accounts) → prod (3 accounts: one without a Config recorder, one suspended). */
function organisation(): { org: MemoryOrganization; workloads: string; prod: string } {
  const org = new MemoryOrganization();
  const workloads = org.addOu('workloads');
  const prod = org.addOu('prod', workloads);
  org.createAccount('222222222201', 'payments-dev', workloads, { recorder: HOME_REGION });
  org.createAccount('222222222202', 'data-dev', workloads, { recorder: HOME_REGION });
  org.createAccount('222222222203', 'payments-prod', prod, { recorder: HOME_REGION });
  org.createAccount('222222222204', 'data-prod', prod);
  org.createAccount('222222222205', 'old-sandbox', prod, { recorder: HOME_REGION });
  org.suspend('222222222205');
  org.member('222222222201').account.addUser({ name: 'bob' });
  org.member('222222222203').account.addUser({ name: 'alice', mfa: 1 });
  org.member('222222222203').account.addUser({ name: 'ci-deployer' });
  return { org, workloads, prod };
}

runMain('demo-org', async () => {
  const { org, workloads, prod } = organisation();
  const aws = { ...org.clients(HOME_REGION), member: org.memberClients.bind(org) };
  const deploy = async (vars: Record<string, string>) => {
    out(`\n$ make deploy-org ${Object.entries(vars).map(([k, v]) => `${k}=${v}`).join(' ')} YES=1\n`);
    const code = await deployOrg(aws, { settings: orgSettings.parse({ ...vars, YES: '1' }), templates: TEMPLATES, whitelistText: WHITELIST, singleAccountStack: 'mfa-guard', code: {} }, io, pace);
    out(`(exit ${code})\n`);
    return code;
  };
  const report = async () => {
    out(`\n$ make report-org HOME_REGION=${HOME_REGION}\n`);
    const code = await reportOrg({ aws, settings: orgSettings.parse({ HOME_REGION }, false), now: pace.now, wait: { sleep: pace.sleep } }, { out, err: out });
    out(`(exit ${code})\n`);
    return code;
  };
  out(`An in-memory organisation: management account ${org.managementId}; OU workloads (${workloads}) holds 222222222201-02 and OU prod, which holds 222222222203-05.\n`);
  out('222222222204 has no AWS Config recorder yet; 222222222205 is suspended. whitelist-org.txt exempts ci-deployer in 222222222203.\n');
  await deploy({ OUS: workloads, HOME_REGION, MODE: 'report', CANARY: '222222222201' });
  out('\n(222222222204 gets its Config recorder.)\n');
  org.addRecorder('222222222204', HOME_REGION);
  await deploy({ OUS: workloads, HOME_REGION, MODE: 'report' });
  await report();
  await deploy({ OUS: workloads, HOME_REGION, MODE: 'enforce' });
  out('\n(An account is created in OU prod: automatic deployment gives it the three stacks at once.)\n');
  org.createAccount('222222222206', 'ml-prod', prod, { recorder: HOME_REGION });
  const covered = await deploy({ OUS: workloads, HOME_REGION, MODE: 'enforce' });
  out(`\n$ make destroy-org HOME_REGION=${HOME_REGION} YES=1\n`);
  const destroyed = await destroyOrg(aws, orgSettings.parse({ HOME_REGION, YES: '1' }, false), io, pace);
  out(`(exit ${destroyed})\n`);
  return covered === 0 && destroyed === 0 ? 0 : 1;
});
