/**
 * The demo's story: the real handlers (`evaluate`, `remediate`, `enforce`) and the real report,
 * through real SDK clients, against an in-memory account. Each step is what an admin does, the
 * event AWS would deliver, the decisions logged and the AWS calls they took.
 */
import * as alerts from '../../src/core/alerts.ts';
import * as logAlerts from '../../src/core/log-alerts.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { assemble, type ConfigDeps } from '../../src/handlers/deps.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import type { DecisionLog } from '../../src/handlers/log.ts';
import { notify } from '../../src/handlers/notify.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import { ensureGroup } from '../../sim/account-iam-users.ts';
import { MemoryAccount, type Call } from '../../sim/account.ts';
import { canonicalDocument, FALLBACK_GROUP, STACK_NAME } from '../../sim/container.ts';
import { runReport } from '../operator/report.ts';
import * as events from './events.ts';

/** One step of the timeline. */
export interface Step {
  readonly at: Date;
  readonly title: string;
  /** The event handed to the function, in a few words. */
  readonly event: string;
  readonly decisions: readonly DecisionLog[];
  readonly calls: readonly Call[];
  /** The alerts the notify function publishes for these decisions (their subjects). */
  readonly alerts: readonly string[];
}

/** The whole story: the account as it ends, each step, and the closing report. */
export interface Story {
  readonly account: MemoryAccount;
  readonly canonical: unknown;
  readonly steps: readonly Step[];
  readonly report: { readonly at: Date; readonly table: string; readonly exitCode: number; readonly calls: readonly Call[] };
}

/** The demo account's whitelist. */
export const EXEMPTIONS: readonly whitelist.Exemption[] = [{ name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2025-12-31', reason: 'GitHub Actions deploys' }];

/** The whitelist parameter and Config rule name the demo's functions are configured with. */
export const WHITELIST_PARAMETER = '/mfa-guard/whitelist';
export const RULE_NAME = 'mfa-guard-users';
const DAY = '2025-06-20';
const at = (time: string) => new Date(`${DAY}T${time}Z`);

/** The account before mfa-guard's first sweep: the fixtures' users, dave without the policy. */
export function demoAccount(): MemoryAccount {
  const account = new MemoryAccount({ now: at('08:55:00') });
  const policy = account.policyArn;
  account.createPolicy({ name: 'DenyActionWithoutMFA', document: JSON.stringify(canonicalDocument(policy)) });
  account.addGroup(FALLBACK_GROUP, [policy]);
  account.addUser({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', policies: [policy], mfa: true, password: true, accessKeys: 1 });
  account.addUser({ name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', policies: [policy], password: true });
  account.addUser({ name: 'ci-deployer', id: 'AIDAQ3EGRNG2ZH3EXAMPLE', accessKeys: 1 });
  account.addUser({ name: 'dave', id: 'AIDAEXAMPLEDAVE000001', password: true, accessKeys: 1 });
  account.setParameter(WHITELIST_PARAMETER, whitelist.toParameter(EXEMPTIONS));
  return account;
}

/** Plays the story; `onStep` sees each step as it ends (the CLI prints it then). */
export async function tell(options: { readonly color: boolean; readonly onStart?: (account: MemoryAccount) => void; readonly onStep?: (step: Step) => void }): Promise<Story> {
  const account = demoAccount();
  options.onStart?.(account);
  const policyArn = account.policyArn;
  const canonical = canonicalDocument(policyArn);
  const { iam, config, ssm } = account.clients();
  let decisions: DecisionLog[] = [];
  // One warm container per function, each with its own whitelist cache, as in Lambda.
  const deps = (): ConfigDeps =>
    assemble({
      clients: { iam, config, ssm },
      settings: { policyArn, whitelistParameter: WHITELIST_PARAMETER, ruleName: RULE_NAME, mode: 'enforce', stackName: STACK_NAME, fallbackGroup: FALLBACK_GROUP },
      canonicalDocument: () => canonical,
      cache: { now: () => account.now.getTime() },
      now: () => account.clock(),
      log: (entry) => void decisions.push(entry),
    });
  const functions = { configRule: deps(), remediate: deps(), enforce: deps() };
  const steps: Step[] = [];
  const published: string[] = [];
  const notifyDeps = {
    publisher: { failed: 0, publish: async (m: alerts.Message) => (published.push(m.subject), { published: true as const, messageId: `m-${published.length}` }) },
    sqs: { send: async () => { throw new Error('the demo has no dead letters'); } },
    settings: { topicArn: `arn:aws:sns:eu-west-1:${account.accountId}:mfa-guard-AlertTopic-DEMO`, stack: 'mfa-guard', policyArn, notifyNewUsers: true, whitelistParameter: WHITELIST_PARAMETER, configRuleName: RULE_NAME, deadLetterQueueUrl: undefined },
    now: () => account.clock(),
    log: () => {},
  };
  const step = async (time: string, title: string, event: string, act: () => Promise<unknown>) => {
    account.now = at(time);
    decisions = [];
    published.length = 0;
    const first = account.calls.length;
    await act();
    const told = [...alertsOf(decisions, account.clock(), policyArn), ...published];
    const done: Step = { at: account.clock(), title, event, decisions, calls: account.calls.slice(first), alerts: told };
    steps.push(done);
    options.onStep?.(done);
  };

  await step('09:00:00', 'The hourly sweep: AWS Config evaluates every user', 'ScheduledNotification (fixtures/config-rule/scheduled.json)', () =>
    evaluate(events.sweep(account.clock()), functions.configRule),
  );
  const dave = account.user('dave');
  await step('09:00:40', 'Config marks dave NON_COMPLIANT: remediation attaches the policy', `Compliance Change, ${dave.id} NON_COMPLIANT (fixtures/compliance-change/non-compliant-user.json)`, () =>
    remediate(events.nonCompliant(dave.id, account.clock()), functions.remediate),
  );
  await step('09:05:00', 'An admin creates the user bob: the enforcer attaches the policy', 'CreateUser bob by assumed-role/Admin/thien (fixtures/cloudtrail/create-user.json)', () => {
    account.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', password: true });
    return enforce(events.trail('create-user', account.clock()), functions.enforce);
  });
  await step('09:10:00', 'An admin detaches the policy from alice: the enforcer reattaches it', 'DetachUserPolicy alice by assumed-role/Admin/thien (fixtures/cloudtrail/detach-user-policy.json)', () => {
    account.detachPolicy('alice', policyArn);
    return enforce(events.trail('detach-user-policy', account.clock()), functions.enforce);
  });
  await step('09:20:00', 'An admin deletes the policy (the console detaches it from everyone first)', 'DeletePolicy by assumed-role/Admin/thien (fixtures/cloudtrail/delete-policy.json)', () => {
    account.removePolicy(policyArn);
    return enforce(events.trail('delete-policy', account.clock()), functions.enforce);
  });
  const ci = account.user('ci-deployer');
  await step('09:30:00', 'ci-deployer joins the group deployers: whitelisted, it is left alone', 'ConfigurationItemChangeNotification for ci-deployer (fixtures/config-rule/change-user-violating.json)', () => {
    ci.groups.push(ensureGroup(account, 'deployers').name);
    account.touch(ci);
    return evaluate(events.joinedGroup({ ...ci, policies: ci.policies }, 'deployers', account.clock()), functions.configRule);
  });

  await step('09:30:30', 'An admin stops the CloudTrail trail: the notify function tells the topic', 'StopLogging management-events (fixtures/guard/stop-logging.json)', () =>
    notify(events.guard('stop-logging', account.clock(), 'eu-west-1'), notifyDeps),
  );

  account.now = at('09:31:00');
  const first = account.calls.length;
  let table = '';
  const io = { out: (text: string) => void (table += text), err: () => {} };
  const settings = { policyArn, whitelistParameter: WHITELIST_PARAMETER, source: 'the demo account' };
  const exitCode = await runReport({ iam, ssm, settings, now: () => account.clock(), wait: { delayMs: 1000, sleep: async () => {} } }, { json: false, color: options.color }, io);
  return { account, canonical, steps, report: { at: account.clock(), table, exitCode, calls: account.calls.slice(first) } };
}

/** What notify makes of the decision lines, as CloudWatch Logs would hand them over at `at`. */
export function alertsOf(decisions: readonly DecisionLog[], at: Date, policyArn: string): string[] {
  const lines = decisions.map((d) => ({ timestamp: at.getTime(), message: JSON.stringify({ level: 'info', ...d }) }));
  return logAlerts.of(lines, { policyArn, notifyNewUsers: true }).map(({ alert, mode, at: when }) => alerts.render(alert, { now: when, mode }).subject);
}

/** The users, whitelisted ones aside, that do not hold the policy: none, if mfa-guard did its job. */
export function usersMissingPolicy(account: MemoryAccount): string[] {
  const policy = account.policyArn.toLowerCase();
  return [...account.users.values()].filter((u) => !EXEMPTIONS.some((e) => e.userId === u.id) && !u.policies.some((p) => p.toLowerCase() === policy)).map((u) => u.name);
}
