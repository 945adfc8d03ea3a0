/**
 * The six paths the benchmark runs, each on a freshly seeded account: how the scene is set, the
 * event, mfa-guard's handler, the seed design's equivalent, and a check that the account ended in
 * the state it must (both designs must get there, or the comparison means nothing).
 */
import { evaluate } from '../../src/handlers/config-rule.ts';
import type { ConfigDeps } from '../../src/handlers/deps.ts';
import { enforce, type EnforceOptions } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import type { SeededAccount } from '../../sim/account-seed.ts';
import type { MemoryAccount, MemoryUser } from '../../sim/account.ts';
import * as events from './events.ts';
import * as seedDesign from './seed-baseline.ts';

/** The Lambda function a path runs in (its Timeout bounds the path). */
export type FunctionName = 'ConfigRuleFunction' | 'RemediateFunction' | 'EnforceFunction';

/** An event ready to handle, and what the account must look like afterwards. */
export interface Scene {
  readonly event: unknown;
  /** A description of what is wrong with the end state, or undefined when it is right. */
  readonly check: () => string | undefined;
}

/** One path through mfa-guard. */
export interface BenchPath {
  readonly key: 'sweep' | 'change' | 'remediation' | 'create-user' | 'detach' | 'delete-policy';
  readonly title: string;
  readonly runsIn: FunctionName;
  /** True for the paths that handle one user (one IAM call at most). */
  readonly singleUser: boolean;
  readonly prepare: (account: MemoryAccount, seeded: SeededAccount) => Scene;
  /** `options` matter to the enforcer only. */
  readonly ours: (deps: ConfigDeps, event: unknown, options: EnforceOptions) => Promise<unknown>;
  readonly seed: (seed: seedDesign.Seed, event: unknown) => Promise<unknown>;
}

const middle = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(items.length / 2)];
  if (item === undefined) throw new Error('the seeded account has no user of that kind');
  return item;
};

const has = (user: MemoryUser, arn: string): boolean => user.policies.some((p) => p.toLowerCase() === arn.toLowerCase());

const attachedUsers = (seeded: SeededAccount): MemoryUser[] => seeded.users.filter((u) => !seeded.whitelisted.includes(u) && !seeded.violating.includes(u));

const mustHave = (account: MemoryAccount, name: string) => (): string | undefined =>
  has(account.user(name), account.policyArn) ? undefined : `${name} does not have the policy`;

/** The paths, in the order the issue lists them. */
export const PATHS: readonly BenchPath[] = [
  {
    key: 'sweep',
    title: 'Scheduled sweep, first after deploy (Config rule, ScheduledNotification: every user evaluated, the violating repaired)',
    runsIn: 'ConfigRuleFunction',
    singleUser: false,
    prepare: (account, seeded) => ({
      event: events.scheduled(),
      check: () => {
        const types = seeded.users.map((u) => account.compliance(u.id)?.ComplianceType);
        const count = (t: string) => types.filter((x) => x === t).length;
        if (types.includes(undefined)) return `${types.filter((t) => t === undefined).length} users have no evaluation`;
        // mfa-guard reports the violating users NON_COMPLIANT, repairs them and reports them again; the seed design only reports.
        const repaired = seeded.violating.filter((u) => has(u, account.policyArn)).length;
        const expected = seeded.violating.length - repaired;
        if (repaired !== 0 && repaired !== seeded.violating.length) return `${repaired} of ${seeded.violating.length} violating users repaired`;
        if (count('NON_COMPLIANT') !== expected) return `${count('NON_COMPLIANT')} NON_COMPLIANT, expected ${expected}`;
        if (count('NOT_APPLICABLE') !== seeded.whitelisted.length) return `${count('NOT_APPLICABLE')} NOT_APPLICABLE, expected ${seeded.whitelisted.length}`;
        return undefined;
      },
    }),
    ours: (deps, event) => evaluate(event, deps),
    seed: (seed, event) => seedDesign.sweep(seed, event),
  },
  {
    key: 'change',
    title: 'Change notification (Config rule, ConfigurationItemChangeNotification of a violating user)',
    runsIn: 'ConfigRuleFunction',
    singleUser: true,
    prepare: (account, seeded) => {
      const user = middle(seeded.violating);
      return {
        event: events.change(user),
        check: () => (account.compliance(user.id)?.ComplianceType === 'NON_COMPLIANT' ? undefined : `${user.name} is not NON_COMPLIANT`),
      };
    },
    ours: (deps, event) => evaluate(event, deps),
    seed: (seed, event) => seedDesign.change(seed, event),
  },
  {
    key: 'remediation',
    title: 'Remediation (Compliance Change NON_COMPLIANT of a violating user)',
    runsIn: 'RemediateFunction',
    singleUser: true,
    prepare: (account, seeded) => {
      const user = middle(seeded.violating);
      return { event: events.nonCompliant(user.id), check: mustHave(account, user.name) };
    },
    ours: (deps, event) => remediate(event, deps),
    seed: (seed, event) => seedDesign.remediate(seed, event),
  },
  {
    key: 'create-user',
    title: 'CreateUser (enforcer: attach to the new user)',
    runsIn: 'EnforceFunction',
    singleUser: true,
    prepare: (account) => {
      const user = account.addUser({ name: 'new-hire' });
      return { event: events.createUser(user), check: mustHave(account, user.name) };
    },
    ours: (deps, event, options) => enforce(event, deps, options),
    seed: (seed, event) => seedDesign.repairUser(seed, event),
  },
  {
    key: 'detach',
    title: 'DetachUserPolicy (enforcer: reattach to that user)',
    runsIn: 'EnforceFunction',
    singleUser: true,
    prepare: (account, seeded) => {
      const user = middle(attachedUsers(seeded));
      account.detachPolicy(user.name, account.policyArn);
      return { event: events.detach(user.name), check: mustHave(account, user.name) };
    },
    ours: (deps, event, options) => enforce(event, deps, options),
    seed: (seed, event) => seedDesign.repairUser(seed, event),
  },
  {
    key: 'delete-policy',
    title: 'DeletePolicy recovery (console delete: detached from everyone, then deleted; recreate and reattach)',
    runsIn: 'EnforceFunction',
    singleUser: false,
    prepare: (account, seeded) => {
      account.removePolicy(account.policyArn);
      return {
        event: events.deletePolicy(),
        check: () => {
          if (!account.policy(account.policyArn)) return 'the policy was not recreated';
          const missing = seeded.users.filter((u) => !seeded.whitelisted.includes(u) && !has(u, account.policyArn));
          return missing.length === 0 ? undefined : `${missing.length} users still miss the policy`;
        },
      };
    },
    ours: (deps, event, options) => enforce(event, deps, options),
    seed: (seed, event) => seedDesign.deletePolicy(seed, event),
  },
];
