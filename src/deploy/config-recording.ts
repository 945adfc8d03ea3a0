/**
 * Whether AWS Config records `AWS::IAM::User` in a region, decided from `DescribeConfigurationRecorders`
 * and `DescribeConfigurationRecorderStatus` answers. The Config rule only sees users where they are
 * recorded, and IAM types are recorded in at most the regions where Config existed before Feb 2022.
 *
 * @example
 * ```ts
 * configRecording.verdict('eu-west-1', recorders, statuses, []);
 * ```
 */
import type { Verdict } from './preflight.ts';

/** A configuration recorder (field names as in the API). */
export interface RecorderFacts {
  readonly name?: string | undefined;
  readonly servicePrincipal?: string | undefined;
  readonly recordingGroup?:
    | {
        readonly allSupported?: boolean | undefined;
        readonly includeGlobalResourceTypes?: boolean | undefined;
        readonly resourceTypes?: readonly string[] | undefined;
        readonly exclusionByResourceTypes?: { readonly resourceTypes?: readonly string[] | undefined } | undefined;
        readonly recordingStrategy?: { readonly useOnly?: string | undefined } | undefined;
      }
    | undefined;
  readonly recordingMode?:
    | {
        readonly recordingFrequency?: string | undefined;
        readonly recordingModeOverrides?: readonly { readonly recordingFrequency?: string | undefined; readonly resourceTypes?: readonly string[] | undefined }[] | undefined;
      }
    | undefined;
}

/** A recorder's status (field names as in the API). */
export interface RecorderStatusFacts {
  readonly name?: string | undefined;
  readonly recording?: boolean | undefined;
  readonly lastStatus?: string | undefined;
  readonly lastErrorCode?: string | undefined;
  readonly lastErrorMessage?: string | undefined;
}

/** What another region answered, for the hint when REGION does not record IAM users. */
export type Elsewhere = { readonly region: string; readonly records: boolean } | { readonly region: string; readonly error: string };

const USER = 'AWS::IAM::User';

/** Whether a recorder's group covers IAM users, and if not, why not. */
export function coversUsers(recorder: RecorderFacts): { covers: boolean; why: string } {
  const group = recorder.recordingGroup ?? {};
  if (group.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES') {
    const excluded = (group.exclusionByResourceTypes?.resourceTypes ?? []).includes(USER);
    return { covers: !excluded, why: excluded ? `it excludes ${USER} (exclusionByResourceTypes)` : 'it records all types but the excluded ones' };
  }
  if (group.allSupported === true) {
    const global = group.includeGlobalResourceTypes === true;
    return { covers: global, why: global ? 'it records all types, global IAM types included' : 'it records all supported types but includeGlobalResourceTypes is false' };
  }
  const listed = (group.resourceTypes ?? []).includes(USER);
  return { covers: listed, why: listed ? `its resourceTypes include ${USER}` : `its resourceTypes do not include ${USER}` };
}

/** Whether IAM users are recorded only daily (changes then reach the rule up to a day late). */
export function daily(recorder: RecorderFacts): boolean {
  const mode = recorder.recordingMode;
  const override = mode?.recordingModeOverrides?.find((o) => (o.resourceTypes ?? []).includes(USER));
  return (override?.recordingFrequency ?? mode?.recordingFrequency) === 'DAILY';
}

/** The verdict for REGION; `elsewhere` holds what other regions answered (checked only on failure). */
export function verdict(region: string, recorders: readonly RecorderFacts[], statuses: readonly RecorderStatusFacts[], elsewhere: readonly Elsewhere[]): Verdict {
  const check = 'aws-config';
  if (canRecordIamTypes(region) === false) {
    // Whatever its recorder says: AWS Config does not record the global IAM types in regions it reached after February 2022.
    return { check, level: 'fail', message: `AWS Config cannot record IAM users in ${region}: it records IAM types only in regions where it existed before February 2022`, hint: hintFor(region, elsewhere) };
  }
  // Service-linked recorders serve one AWS service; custom rules evaluate what the customer recorder records.
  const own = recorders.filter((r) => !r.servicePrincipal);
  const recorder = own[0];
  if (!recorder) return { check, level: 'fail', message: `AWS Config has no configuration recorder in ${region}`, hint: hintFor(region, elsewhere) };
  const name = recorder.name ?? 'default';
  const { covers, why } = coversUsers(recorder);
  if (!covers) return { check, level: 'fail', message: `recorder "${name}" in ${region} does not record IAM users: ${why}`, hint: hintFor(region, elsewhere) };
  const status = statuses.find((s) => s.name === recorder.name);
  if (status?.recording !== true) {
    return {
      check,
      level: 'fail',
      message: `recorder "${name}" in ${region} records IAM users but is stopped`,
      hint: `Start it: aws configservice start-configuration-recorder --configuration-recorder-name ${name} --region ${region}`,
    };
  }
  if (status.lastStatus === 'Failure') {
    const error = [status.lastErrorCode, status.lastErrorMessage].filter(Boolean).join(': ') || 'no detail';
    return { check, level: 'warn', message: `recorder "${name}" in ${region} records IAM users, but its last recording failed (${error})` };
  }
  if (daily(recorder)) {
    return { check, level: 'warn', message: `recorder "${name}" in ${region} records IAM users only daily: the change-triggered evaluation lags up to a day (the hourly sweep does not)` };
  }
  return { check, level: 'ok', message: `recorder "${name}" in ${region} records IAM users (${why})` };
}

function hintFor(region: string, elsewhere: readonly Elsewhere[]): string {
  const recording = elsewhere.filter((e) => 'records' in e && e.records).map((e) => e.region);
  const unchecked = elsewhere.filter((e) => 'error' in e).map((e) => `${e.region} (${'error' in e ? e.error : ''})`);
  const lines: string[] = [];
  if (recording.length > 0) lines.push(`IAM users are recorded in ${recording.join(', ')}: deploy there, e.g. make deploy REGION=${recording[0]}`);
  else if (canRecordIamTypes(region) === false) {
    lines.push(`No region was found recording IAM users: record them in a region where AWS Config existed before February 2022 (e.g. us-east-1), then deploy there.`);
  } else {
    lines.push(
      `Record IAM users in ${region} (IAM types are recorded in one region per account, and only in regions where AWS Config existed before February 2022):`,
      `  console: AWS Config > Settings > Recording strategy: all resource types, "Include globally recorded IAM resource types"`,
      `  or: aws configservice put-configuration-recorder --region ${region} --configuration-recorder name=default,roleARN=<role> --recording-group allSupported=true,includeGlobalResourceTypes=true`,
      `  (a new recorder also needs a delivery channel and start-configuration-recorder)`,
    );
  }
  if (unchecked.length > 0) lines.push(`Not checked: ${unchecked.join(', ')}`);
  return lines.join('\n');
}

/**
 * Regions where AWS Config existed before February 2022, per partition: the only ones that can record
 * IAM types, so the only ones worth asking when REGION does not (every commercial region opened
 * before 2022; the regions AWS lists as unable to record IAM types all opened later).
 */
export function candidateRegions(partition: string): readonly string[] {
  if (partition === 'aws-us-gov') return ['us-gov-west-1', 'us-gov-east-1'];
  if (partition === 'aws-cn') return ['cn-north-1', 'cn-northwest-1'];
  if (partition !== 'aws') return [];
  return [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
    'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1',
    'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-south-1', 'ap-east-1',
    'af-south-1', 'me-south-1',
  ];
}

/**
 * Whether AWS Config can record IAM types in `region` at all: only in regions where it existed before
 * February 2022 (AWS names e.g. eu-central-2, eu-south-2, me-central-1, il-central-1 as regions that cannot).
 * `undefined` when the region's partition has no known list.
 */
export function canRecordIamTypes(region: string): boolean | undefined {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : /^[a-z]{2}-iso/.test(region) ? 'aws-iso' : 'aws';
  const known = candidateRegions(partition);
  return known.length === 0 ? undefined : known.includes(region);
}
