/**
 * CloudTrail adapter for the deploy pre-flight: the trails that apply to a region (shadow trails of
 * multi-region trails included), each with its logging status or the error reading it gave.
 */
import { DescribeTrailsCommand, GetTrailStatusCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { TrailFacts } from '../deploy/trails.ts';

/** The client, narrowed to what the adapter uses. */
export type CloudTrail = Pick<CloudTrailClient, 'send'>;

/** `DescribeTrails` (includeShadowTrails) then `GetTrailStatus` by ARN for each trail. */
export async function trailsWithStatus(trail: CloudTrail): Promise<TrailFacts[]> {
  const out = await trail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  return Promise.all(
    (out.trailList ?? []).map(async (t): Promise<TrailFacts> => {
      try {
        // A shadow trail's status can only be read by its ARN.
        const status = await trail.send(new GetTrailStatusCommand({ Name: t.TrailARN ?? t.Name }));
        return { ...t, status: { IsLogging: status.IsLogging } };
      } catch (error) {
        // Kept, not swallowed: the verdict shows it (e.g. an organization trail read from a member account).
        return { ...t, status: { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } };
      }
    }),
  );
}
