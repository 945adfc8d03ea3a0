/**
 * Whether a CloudTrail trail feeds the real-time path. IAM's "AWS API Call via CloudTrail" events
 * reach EventBridge only in us-east-1 (cn-north-1 in China), and AWS documents a logging trail as
 * required for them: a multi-region trail, or one in that region, that includes global service events.
 *
 * @example
 * ```ts
 * trails.verdict([{ Name: 'org', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, status: { IsLogging: true } }], 'us-east-1');
 * ```
 */
import type { Verdict } from './preflight.ts';

/** A trail as `DescribeTrails` (includeShadowTrails) lists it in the IAM events region, with its `GetTrailStatus` answer or the error it gave. */
export interface TrailFacts {
  readonly Name?: string | undefined;
  readonly TrailARN?: string | undefined;
  readonly HomeRegion?: string | undefined;
  readonly IsMultiRegionTrail?: boolean | undefined;
  readonly IncludeGlobalServiceEvents?: boolean | undefined;
  readonly HasCustomEventSelectors?: boolean | undefined;
  readonly status: { readonly IsLogging?: boolean | undefined } | { readonly error: string };
}

/** The region where IAM's CloudTrail events reach EventBridge: us-east-1, or cn-north-1 in the China partition. */
export function iamEventsRegion(homeRegion: string): string {
  return homeRegion.startsWith('cn-') ? 'cn-north-1' : 'us-east-1';
}

/** Whether the trail records IAM (global service) events in `eventsRegion`. */
export function coversIam(trail: TrailFacts, eventsRegion: string): boolean {
  return trail.IncludeGlobalServiceEvents === true && (trail.IsMultiRegionTrail === true || trail.HomeRegion === eventsRegion);
}

/** ok when a covering trail is logging; otherwise a warning that the real-time path will be silent. */
export function verdict(trails: readonly TrailFacts[], eventsRegion: string): Verdict {
  const check = 'cloudtrail';
  const covering = trails.filter((t) => coversIam(t, eventsRegion));
  const logging = covering.filter((t) => 'IsLogging' in t.status && t.status.IsLogging === true);
  const chosen = logging[0];
  if (chosen) {
    const selectors = chosen.HasCustomEventSelectors ? ' (it has custom event selectors: make sure they keep write management events)' : '';
    return { check, level: 'ok', message: `trail "${chosen.Name ?? chosen.TrailARN}" logs IAM events${selectors}` };
  }
  const unknown = covering.flatMap((t) => ('error' in t.status ? [`"${t.Name ?? t.TrailARN}": ${t.status.error}`] : []));
  const why =
    trails.length === 0
      ? `no CloudTrail trail applies to ${eventsRegion}`
      : covering.length === 0
        ? `no trail is multi-region (or in ${eventsRegion}) with global service events`
        : unknown.length > 0
          ? `no trail is known to be logging (status unreadable: ${unknown.join('; ')})`
          : 'no trail that covers IAM is logging';
  return {
    check,
    level: 'warn',
    message: `${why}: the real-time path (enforce) may stay silent; the Config rule still repairs within the hour`,
    hint:
      'Create one: aws cloudtrail create-trail --name mfa-guard-trail --s3-bucket-name <bucket> --is-multi-region-trail ' +
      '&& aws cloudtrail start-logging --name mfa-guard-trail (the bucket needs the CloudTrail bucket policy)',
  };
}

/** A trail's event selectors as `GetEventSelectors` answers (basic or advanced). */
export interface SelectorFacts {
  readonly EventSelectors?: readonly { readonly ReadWriteType?: string | undefined; readonly IncludeManagementEvents?: boolean | undefined }[] | undefined;
  readonly AdvancedEventSelectors?: readonly { readonly FieldSelectors?: readonly { readonly Field?: string | undefined; readonly Equals?: readonly string[] | undefined }[] | undefined }[] | undefined;
}

/** Whether the selectors keep write management events (IAM calls such as DetachUserPolicy). */
export function writesManagementEvents(selectors: SelectorFacts): boolean {
  const basic = selectors.EventSelectors ?? [];
  if (basic.some((s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') !== 'ReadOnly')) return true;
  return (selectors.AdvancedEventSelectors ?? []).some((s) => {
    const field = (name: string) => (s.FieldSelectors ?? []).find((f) => f.Field === name)?.Equals;
    return (field('eventCategory') ?? []).includes('Management') && !(field('readOnly') ?? []).includes('true');
  });
}
