/** The targets, checked on what the runs measured. */
import { countOf } from './harness.ts';
import type { BenchPath } from './paths.ts';
import { duration, megabytes, type Target } from './report.ts';
import type { Run } from './runner.ts';
import type { Limits } from './settings.ts';

const n = (users: number) => users.toLocaleString('en-US');

/** Targets of a path run without injected faults, at every size (`ours`: mfa-guard's run by size). */
export function local(path: BenchPath, ours: ReadonlyMap<number, Run>, limits: Limits): Target[] {
  const all = [...ours];
  const last = all[all.length - 1];
  if (!last) return [];
  const [largest, biggest] = last;
  const every = (text: string, ok: (users: number, r: Run) => boolean, found: (users: number, r: Run) => string): Target => ({
    text,
    met: all.every(([users, r]) => ok(users, r)),
    found: all.map(([users, r]) => `${found(users, r)} at ${n(users)}`).join(', '),
  });
  const checks: Target[] = [];
  switch (path.key) {
    case 'sweep': {
      const iam = countOf(biggest.m, 'iam') - countOf(biggest.m, 'iam:AttachUserPolicy');
      const attaches = countOf(biggest.m, 'iam:AttachUserPolicy');
      const puts = countOf(biggest.m, 'config:PutEvaluations');
      checks.push({ text: `sweep of ${n(largest)} users: ≤ 6 IAM reads (listing, fallback group)`, met: iam <= 6, found: `${iam}` });
      checks.push({ text: `sweep of ${n(largest)} users: 1 attach per violating user (${n(biggest.violating)})`, met: attaches === biggest.violating, found: `${attaches}` });
      checks.push({ text: `sweep of ${n(largest)} users: ≤ 50 PutEvaluations + 1 per 100 repaired`, met: puts <= 50 + Math.ceil(biggest.violating / 100), found: `${puts}` });
      checks.push({ text: `sweep of ${n(largest)} users: < 2 s of local work`, met: biggest.m.wallMs < 2000, found: duration(biggest.m.wallMs) });
      break;
    }
    case 'change':
      checks.push(every('a change notification: no IAM call (the item carries the policies), 1 PutEvaluations', (_, r) => countOf(r.m, 'iam') === 0 && countOf(r.m, 'config:PutEvaluations') === 1, (_, r) => `${countOf(r.m, 'iam')} IAM`));
      break;
    case 'remediation':
    case 'create-user':
    case 'detach':
      checks.push(every(`${path.key}: 1 IAM call, whatever the account's size`, (_, r) => countOf(r.m, 'iam') === 1, (_, r) => `${countOf(r.m, 'iam')}`));
      break;
    case 'delete-policy':
      checks.push(
        every(
          'DeletePolicy recovery: 1 listing (⌈users/1000⌉ pages) + 1 attach per user missing the policy (+ 1 CreatePolicy)',
          (users, r) => countOf(r.m, 'iam:GetAccountAuthorizationDetails') === Math.ceil(users / 1000) && countOf(r.m, 'iam:AttachUserPolicy') === users - r.whitelisted && countOf(r.m, 'iam:CreatePolicy') === 1,
          (users, r) => `${countOf(r.m, 'iam:GetAccountAuthorizationDetails')} pages + ${countOf(r.m, 'iam:AttachUserPolicy')} attaches for ${users - r.whitelisted} missing`,
        ),
      );
      break;
  }
  // Live-heap deltas below ~0.5 MB are within V8's noise (bytecode flushing, the account's own state), so the bounds are coarse.
  if (path.singleUser) {
    checks.push(every('memory flat in the number of users: heap Δ peak ≤ 0.5 MB at any size', (_, r) => r.m.heapPeak <= 0.5 * 1024 * 1024, (_, r) => megabytes(r.m.heapPeak)));
  } else {
    checks.push({
      text: `memory linear in the user list only: heap Δ peak ≤ 0.5 MB + 1 KB per user at ${n(largest)} users (the function has ${limits.memoryMb} MB)`,
      met: biggest.m.heapPeak <= 512 * 1024 + 1024 * largest,
      found: `${megabytes(biggest.m.heapPeak)}, ${Math.round(biggest.m.heapPeak / largest)} B/user`,
    });
  }
  return checks;
}

/** The target of a path run under latency and throttling: every invocation within the function's Timeout, and the end state reached. */
export function underLoad(path: BenchPath, users: number, ours: Run, limits: Limits, template: string): Target {
  const limitMs = limits.timeoutS * 1000;
  const longest = Math.max(...ours.invocations);
  const count = ours.invocations.length === 1 ? '1 invocation' : `${ours.invocations.length} invocations (each but the last ran short of time and failed; Lambda's retry went on)`;
  return {
    text: `${n(users)} users: every invocation within ${path.runsIn}'s Timeout (${limits.timeoutS} s in ${template}), end state reached`,
    met: longest < limitMs && !ours.problem,
    found: `${count}: ${ours.invocations.map((ms) => duration(ms)).join(' + ')}; longest ${Math.round((100 * longest) / limitMs)}% of the Timeout`,
  };
}
