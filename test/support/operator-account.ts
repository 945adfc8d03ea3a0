/**
 * The account the operator-command tests and their README output share: the fixtures' users
 * (alice, bob, carol, ci-deployer) plus dave at the managed-policy limit, in a MemoryAccount.
 */
import type { Output } from '../../scripts/operator/cli.ts';
import type { OperatorSettings } from '../../scripts/operator/settings.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { MemoryAccount } from '../../sim/account.ts';

/** The whitelist parameter the account holds. */
export const WHITELIST_PARAMETER = '/mfa-guard/whitelist';

/** An account: alice enforced, bob violating, carol contained, ci-deployer exempt, dave violating at 10 policies. */
export function operatorAccount(): { account: MemoryAccount; settings: OperatorSettings } {
  const account = new MemoryAccount({ now: new Date('2025-06-20T12:00:00Z') });
  account.createPolicy({ name: 'DenyActionWithoutMFA' });
  const policy = account.policyArn;
  const others = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::aws:policy/Other${i}`);
  account.addUser({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', policies: [policy], mfa: true, password: true, accessKeys: 1 });
  account.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', password: true, accessKeys: 2 });
  account.addUser({ name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', policies: [policy], password: true });
  account.addUser({ name: 'ci-deployer', id: 'AIDAQ3EGRNG2ZH3EXAMPLE', accessKeys: 1 });
  account.addUser({ name: 'dave', policies: others, password: true });
  account.setParameter(WHITELIST_PARAMETER, whitelist.toParameter([{ name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2025-06-30', reason: 'GitHub Actions deploys' }]));
  return { account, settings: { policyArn: policy, whitelistParameter: WHITELIST_PARAMETER, source: 'POLICY_ARN and WHITELIST_PARAMETER' } };
}

/** An Output that keeps what was written. */
export function captured(): Output & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
  };
  return io;
}
