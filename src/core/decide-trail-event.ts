/**
 * The enforcer's decision on a CloudTrail event: what to read first, then the actions.
 *
 * @example
 * ```ts
 * const call = cloudtrail.decode(event, policyArn);
 * const facts = await gather((f) => decideTrailEvent.reads(call, f, now), deps);
 * const plan = decideTrailEvent.decide(call, facts, policyArn, now);
 * ```
 */
import type { TrailEvent } from './cloudtrail.ts';
import * as sweep from './sweep.ts';
import { parsePolicyArn } from './names.ts';
import { need, type Action, type Facts, type FullCheck, type Plan, type Read } from './plan.ts';
import { classify, exemptReason } from './users.ts';
import { lookup } from './exemptions.ts';
import { expired } from './whitelist.ts';

type UserEvent = Extract<TrailEvent, { kind: 'create-user' | 'detach-user-policy' | 'rename-user' | 'left-group' }>;

/** How long a complete DeletePolicy check covers later refused DeletePolicy calls whose policy kept its attachments. */
export const COALESCE_WINDOW_MS = 5 * 60_000;

/** The user the event is about now: a rename's new name. */
function subjectName(call: UserEvent): string {
  return call.kind === 'rename-user' ? call.newUserName : call.userName;
}

/** What to read next, given the facts so far (none left: decide). */
export function reads(call: TrailEvent, facts: Facts, now: Date): Read[] {
  switch (call.kind) {
    case 'ignored':
    case 'policy-version':
      return [];
    case 'detach-group-policy':
      return [];
    case 'delete-policy':
      // A refused DeletePolicy (a loop of them, even) lists every user only if something may have changed.
      if (call.errorCode && facts.policyAttachments === undefined) return [{ kind: 'policy-attachments' }];
      if (call.errorCode && coalesced(facts, now)) return [];
      return !facts.users ? [{ kind: 'users' }] : !facts.exemptions ? [{ kind: 'whitelist' }] : [];
    case 'create-user':
    case 'detach-user-policy':
    case 'rename-user':
    case 'left-group':
      if (!facts.exemptions) return [{ kind: 'whitelist' }];
      return facts.user === undefined && mustReadUser(call, facts.exemptions, now) ? [{ kind: 'user', name: subjectName(call) }] : [];
  }
}

/** The plan for the event, from the facts `reads` asked for. */
export function decide(call: TrailEvent, facts: Facts, policyArn: string, now: Date): Plan {
  const plan = (actions: Action[], batch = false): Plan => ({ eventId: call.id, batch, actions });
  switch (call.kind) {
    case 'ignored':
      return plan([{ kind: 'ignore', reason: call.reason }]);
    case 'create-user':
    case 'detach-user-policy':
    case 'rename-user':
    case 'left-group':
      return plan([repairUser(call, facts, policyArn, now)]);
    case 'detach-group-policy':
      return plan([{ kind: 'restore-group', group: call.groupName, reason: `${call.actor} detached the policy from the fallback group` }]);
    case 'policy-version':
      return plan([{ kind: 'restore-document', reason: `${call.actor} called ${call.eventName}` }]);
    case 'delete-policy': {
      // A failed DeletePolicy left the policy in place, but the console detaches it from everyone first.
      const recreate: Action[] = [];
      if (!call.errorCode) {
        const parts = parsePolicyArn(policyArn);
        if (!parts) throw new Error(`POLICY_ARN "${policyArn}" is not a customer managed policy ARN`);
        recreate.push({ kind: 'recreate-policy', name: parts.name, path: parts.path, reason: `${call.actor} deleted the policy` });
      }
      const checked = call.errorCode ? coalesced(facts, now) : undefined;
      if (checked) {
        const ago = Math.round((now.getTime() - checked.at.getTime()) / 1000);
        return plan([{ kind: 'skip', why: 'unchanged', reason: `coalesced: every user was checked ${ago} s ago and the policy still has its ${checked.attachments} attachments; no listing` }]);
      }
      const users = need(facts, 'users');
      const why = `policy missing after ${call.actor}'s DeletePolicy${call.errorCode ? ` (${call.errorCode})` : ''}`;
      // A recreated policy may not be attachable for a moment (eventual consistency): its attaches retry briefly.
      const attach = sweep
        .actions(users, need(facts, 'exemptions'), policyArn, now, why)
        .filter((a) => a.kind === 'attach')
        .map((a) => (recreate.length > 0 ? { ...a, policyJustCreated: true } : a));
      const none: Action[] = attach.length === 0 ? [{ kind: 'skip', why: 'unchanged', reason: `checked ${users.length} users` }] : [];
      return plan([...recreate, ...attach, ...none], true);
    }
  }
}

// IAM is read only when the name is whitelisted: then whether the user holding it now is the exempt one.
// A CreateUser event carries the user ID: the whitelisted one needs no read.
function mustReadUser(call: UserEvent, exemptions: Facts['exemptions'] & object, now: Date): boolean {
  const listed = lookup(exemptions, { name: call.userName, id: call.kind === 'create-user' ? call.userId : undefined }, now);
  if (listed.kind === 'unverified') return true;
  return listed.kind === 'other-user' && !(listed.exemption.expires && expired(listed.exemption.expires, now));
}

function reasonOf(call: UserEvent): string {
  switch (call.kind) {
    case 'create-user':
      return `new user created by ${call.actor}`;
    case 'detach-user-policy':
      return `${call.actor} detached the policy`;
    case 'rename-user':
      return `${call.actor} renamed ${call.userName} to ${call.newUserName} (a whitelisted name does not follow the user)`;
    case 'left-group':
      return `${call.actor} removed the user from the fallback group ${call.groupName}`;
  }
}

/** The last full check, when it still covers a refused DeletePolicy: recent, and the policy kept exactly its attachments since. */
function coalesced(facts: Facts, now: Date): FullCheck | undefined {
  const state = facts.policyAttachments;
  const last = state?.lastFullCheck;
  if (!state || !last || state.count === null || state.count !== last.attachments) return undefined;
  return now.getTime() - last.at.getTime() <= COALESCE_WINDOW_MS ? last : undefined;
}

function repairUser(call: UserEvent, facts: Facts, policyArn: string, now: Date): Action {
  const name = subjectName(call);
  const exemptions = need(facts, 'exemptions');
  const why = reasonOf(call);
  const eventUserId = call.kind === 'create-user' ? call.userId : undefined;
  const listed = lookup(exemptions, { name, id: eventUserId }, now);
  if (listed.kind === 'exempt') return { kind: 'skip', why: 'exempt', user: name, reason: exemptReason(listed.exemption) };
  if (facts.user !== undefined) {
    // The event may be stale (the whitelisted user re-created since): decide on the user IAM has now.
    const state = facts.user && classify(facts.user, exemptions, policyArn, now);
    if (state?.kind === 'exempt') {
      // Never attach to the exempt holder of the name on the strength of an event about another user; if IAM
      // merely lags a re-creation, the Config path (which decides by user ID) attaches to the new user.
      const other = eventUserId !== undefined ? `; the event is about user ID ${eventUserId}, not the user holding the name now` : '';
      return { kind: 'skip', why: 'exempt', user: name, reason: `${state.reason}${other}` };
    }
    // A detached user that is gone is done; a new one IAM does not show yet is retried by the attach.
    if (!facts.user && call.kind !== 'create-user') return { kind: 'skip', why: 'gone', user: name, reason: why };
  }
  // Decided by ID where the event carries one: a rename before the attach lands finds the user under its new name.
  return { kind: 'attach', user: name, reason: why, ...(eventUserId !== undefined && { userId: eventUserId }), ...(call.kind === 'create-user' && { newUser: true }) };
}
