/**
 * The health block of `make report`: is mfa-guard deployed and able to work? Decided from facts
 * the adapters read (src/aws/health.ts), each check a verdict with a hint saying how to fix it, in
 * the style of the deploy pre-flight. Trail and Config verdicts are the pre-flight's own.
 *
 * @example
 * ```ts
 * const verdicts = health.checks(facts);
 * if (!preflight.passed(verdicts)) process.exitCode = health.EXIT_UNHEALTHY;
 * ```
 */
import * as configRecording from './config-recording.ts';
import type { Verdict } from './preflight.ts';
import * as trails from './trails.ts';

/** `make report`'s exit code when a health check fails (1 means someone is violating; 2 an error). */
export const EXIT_UNHEALTHY = 3;

/** Something read, or the error reading it gave (kept: the verdict shows it). */
export type Read<T> = T | { readonly error: string };

/** One stack: its name, its status and `Version` output, or absent. */
export interface StackFacts {
  readonly name: string;
  readonly region: string;
  readonly found: Read<{ readonly status: string; readonly version: string | undefined } | undefined>;
}

/** One EventBridge rule of ours, with the ARN its target must have. */
export interface RuleFacts {
  readonly name: string;
  readonly region: string;
  readonly expectedTarget: string;
  readonly found: Read<{ readonly state: string; readonly targets: readonly string[] }>;
}

/** One function: the code deployed (index.js of its package) and what `make synth` builds now. */
export interface FunctionFacts {
  readonly name: string;
  readonly expected: string;
  readonly deployed: Read<{ readonly codeSha256: string; readonly code: string | undefined }>;
}

/** A home function's log group, and where its lines go (notify must be among them, or its alerts stop). */
export interface SubscriptionFacts {
  readonly logGroup: string;
  readonly expectedDestination: string;
  readonly found: Read<readonly string[]>;
}

/** Everything the checks look at. */
export interface HealthFacts {
  readonly version: string;
  readonly region: string;
  readonly eventsRegion: string;
  readonly stacks: readonly StackFacts[];
  readonly rules: readonly RuleFacts[];
  readonly trails: Read<readonly (trails.TrailFacts & { readonly writesManagementEvents?: boolean | undefined })[]>;
  readonly recorders: Read<{ readonly recorders: readonly configRecording.RecorderFacts[]; readonly statuses: readonly configRecording.RecorderStatusFacts[] }>;
  readonly queues: readonly { readonly name: string; readonly url: string; readonly depth: Read<number> }[];
  readonly functions: readonly FunctionFacts[];
  readonly subscriptions: readonly SubscriptionFacts[];
  readonly evaluation: { readonly rule: string; readonly maxAgeHours: number; readonly found: Read<{ readonly lastSuccess: Date | undefined; readonly lastError: string | undefined }> };
  readonly now: Date;
}

const COMPLETE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']);
const DEPLOY = 'Run make deploy (from this checkout) to bring it back.';

/** Every check, in a fixed order. */
export function checks(facts: HealthFacts): Verdict[] {
  return [...facts.stacks.map((s) => stack(s, facts.version)), ...facts.rules.map(rule), trail(facts), config(facts), ...facts.queues.map(queue), ...facts.functions.map(code), ...facts.subscriptions.map(subscription), evaluation(facts)];
}

function failed(check: string, error: string, hint: string): Verdict {
  return { check, level: 'fail', message: `could not be read: ${error}`, hint };
}

function stack(s: StackFacts, version: string): Verdict {
  const check = `stack ${s.name}`;
  if (s.found && 'error' in s.found) return failed(check, s.found.error, 'Check the credentials and REGION, then make report again.');
  if (!s.found) return { check, level: 'fail', message: `does not exist in ${s.region}`, hint: DEPLOY };
  const { status, version: deployed } = s.found;
  if (!COMPLETE.has(status)) return { check, level: 'fail', message: `is ${status} in ${s.region}`, hint: `See its events: aws cloudformation describe-stack-events --stack-name ${s.name} --region ${s.region}; then ${DEPLOY}` };
  if (deployed !== version) return { check, level: 'fail', message: `is ${status}, version ${deployed ?? 'unknown'}; this checkout is ${version}`, hint: DEPLOY };
  return { check, level: 'ok', message: `${status}, version ${version}` };
}

function rule(r: RuleFacts): Verdict {
  const check = `rule ${r.name}`;
  if ('error' in r.found) return failed(check, r.found.error, DEPLOY);
  const { state, targets } = r.found;
  // ENABLED, or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
  if (!state.startsWith('ENABLED')) return { check, level: 'fail', message: `is ${state}: the path it feeds is off`, hint: `aws events enable-rule --name ${r.name} --region ${r.region}` };
  if (!targets.includes(r.expectedTarget)) return { check, level: 'fail', message: `targets ${targets.join(', ') || 'nothing'}, not ${r.expectedTarget}`, hint: DEPLOY };
  return { check, level: 'ok', message: `enabled, target ${r.expectedTarget}` };
}

function trail(facts: HealthFacts): Verdict {
  if ('error' in facts.trails) return failed('cloudtrail', facts.trails.error, 'mfa-guard needs cloudtrail:DescribeTrails, GetTrailStatus and GetEventSelectors in us-east-1 to check this.');
  const verdict = trails.verdict(facts.trails, facts.eventsRegion);
  // The pre-flight warns and deploys anyway; here the real-time path is down: a failure.
  if (verdict.level !== 'ok') return { ...verdict, level: 'fail' };
  const logging = facts.trails.find((t) => trails.coversIam(t, facts.eventsRegion) && 'IsLogging' in t.status && t.status.IsLogging === true);
  if (logging?.writesManagementEvents === false) {
    return { check: 'cloudtrail', level: 'fail', message: `trail "${logging.Name}" logs, but its event selectors exclude write management events (IAM calls)`, hint: `aws cloudtrail put-event-selectors --trail-name ${logging.Name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'` };
  }
  return verdict;
}

function config(facts: HealthFacts): Verdict {
  if ('error' in facts.recorders) return failed('aws-config', facts.recorders.error, 'mfa-guard needs config:DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus to check this.');
  return configRecording.verdict(facts.region, facts.recorders.recorders, facts.recorders.statuses, []);
}

function queue(q: HealthFacts['queues'][number]): Verdict {
  const check = `queue ${q.name}`;
  if (typeof q.depth !== 'number') return failed(check, q.depth.error, 'Check the stack outputs (DeadLetterQueueUrl) and the credentials.');
  if (q.depth === 0) return { check, level: 'ok', message: 'empty' };
  return { check, level: 'fail', message: `${q.depth} event(s) could not be handled after retries`, hint: `Read them: aws sqs receive-message --queue-url ${q.url} --visibility-timeout 0 --max-number-of-messages 10; fix the cause, then redrive or purge.` };
}

function code(f: FunctionFacts): Verdict {
  const check = `code ${f.name}`;
  if ('error' in f.deployed) return failed(check, f.deployed.error, DEPLOY);
  const { codeSha256, code: deployed } = f.deployed;
  if (deployed === undefined) return { check, level: 'fail', message: `the deployed package (CodeSha256 ${codeSha256}) has no index.js`, hint: DEPLOY };
  // CloudFormation writes Code.ZipFile as index.js; a trailing newline may differ.
  if (deployed.trimEnd() !== f.expected.trimEnd()) return { check, level: 'fail', message: `drift: the deployed code (CodeSha256 ${codeSha256}) is not what make synth builds from this checkout`, hint: `Someone changed the function outside mfa-guard, or it comes from another checkout. ${DEPLOY}` };
  return { check, level: 'ok', message: `as built from this checkout (CodeSha256 ${codeSha256})` };
}

function subscription(s: SubscriptionFacts): Verdict {
  const check = `alerts ${s.logGroup}`;
  if (!Array.isArray(s.found)) return failed(check, 'error' in s.found ? s.found.error : 'unknown', DEPLOY);
  if (!s.found.includes(s.expectedDestination)) return { check, level: 'fail', message: `its lines do not reach ${s.expectedDestination}: this function's repairs are not told`, hint: DEPLOY };
  return { check, level: 'ok', message: 'subscribed: the notify function tells its repairs' };
}

function evaluation(facts: HealthFacts): Verdict {
  const { rule: name, maxAgeHours, found } = facts.evaluation;
  const check = 'last evaluation';
  if ('error' in found) return failed(check, found.error, `Is the Config rule ${name} deployed? ${DEPLOY}`);
  const hint = `See the config-rule function's log group; start one: aws configservice start-config-rules-evaluation --config-rule-names ${name}`;
  if (!found.lastSuccess) return { check, level: 'fail', message: `rule ${name} has never evaluated successfully${found.lastError ? ` (last error: ${found.lastError})` : ''}`, hint };
  const hours = (facts.now.getTime() - found.lastSuccess.getTime()) / 3_600_000;
  const at = found.lastSuccess.toISOString().replace(/\.000Z$/, 'Z');
  if (hours > maxAgeHours) return { check, level: 'fail', message: `rule ${name} last evaluated successfully at ${at}, ${Math.floor(hours)} h ago (more than twice the sweep frequency)`, hint };
  return { check, level: 'ok', message: `rule ${name} evaluated successfully at ${at}` };
}
