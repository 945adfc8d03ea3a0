/**
 * Organizations and STS calls of the in-memory organisation: DescribeOrganization (any member),
 * ListRoots / ListOrganizationalUnitsForParent / ListAccountsForParent / DescribeAccount /
 * ListDelegatedAdministrators (the management account or a delegated administrator), and STS
 * GetCallerIdentity and AssumeRole into a role a stack created in a member account, admitted by
 * its trust policy (the named principals, within the organisation: `aws:PrincipalOrgID`).
 */
import type { AssumeRoleRequest } from '@aws-sdk/client-sts';
import type { Account as OrgAccountShape } from '@aws-sdk/client-organizations';
import * as errors from './org-errors.ts';
import type { Caller } from './org-stacksets.ts';
import type { OrgAccount, OrgState } from './org-state.ts';

type Handler = (org: OrgState, caller: Caller, input: never) => object;

/** Session credentials AssumeRole hands out, keyed by their access key ID. */
export interface Session {
  readonly account: string;
  readonly role: string;
  readonly caller: Caller;
}

const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

function requireReader(org: OrgState, caller: Caller): void {
  if (caller.account !== org.managementId && !org.delegatedAdmins.has(caller.account)) throw errors.organizations.accessDenied();
}

function shape(org: OrgState, a: OrgAccount): OrgAccountShape {
  return { Id: a.id, Arn: `arn:aws:organizations::${org.managementId}:account/${org.id}/${a.id}`, Email: a.email, Name: a.name, State: a.state, Status: a.state, JoinedMethod: 'CREATED', JoinedTimestamp: a.joined };
}

function pageOf<T>(items: readonly T[], token: string | undefined, max: number | undefined, key: string): Record<string, unknown> {
  const size = max ?? 20;
  const from = token === undefined ? 0 : Number(token.replace(/^next-/, ''));
  const page = items.slice(from, from + size);
  return from + size < items.length ? { [key]: page, NextToken: `next-${from + size}` } : { [key]: page };
}

/** The Organizations commands by operation name. */
export const organizationsCommands: Record<string, Handler> = {
  DescribeOrganization: (org: OrgState, caller: Caller) => {
    if (!org.accounts.has(caller.account)) throw errors.organizations.accessDenied();
    return {
      Organization: {
        Id: org.id,
        Arn: `arn:aws:organizations::${org.managementId}:organization/${org.id}`,
        FeatureSet: org.featureSet,
        MasterAccountId: org.managementId,
        MasterAccountArn: `arn:aws:organizations::${org.managementId}:account/${org.id}/${org.managementId}`,
        MasterAccountEmail: org.member(org.managementId).email,
      },
    };
  },
  ListRoots: (org: OrgState, caller: Caller) => {
    requireReader(org, caller);
    return { Roots: [{ Id: org.rootId, Name: 'Root', Arn: `arn:aws:organizations::${org.managementId}:root/${org.id}/${org.rootId}`, PolicyTypes: [] }] };
  },
  ListOrganizationalUnitsForParent: (org: OrgState, caller: Caller, input: { ParentId?: string; NextToken?: string; MaxResults?: number }) => {
    requireReader(org, caller);
    if (!input.ParentId || !org.units.has(input.ParentId)) throw errors.organizations.parentNotFound(String(input.ParentId));
    const children = [...org.units.values()].filter((u) => u.parent === input.ParentId).map((u) => ({ Id: u.id, Name: u.name, Arn: `arn:aws:organizations::${org.managementId}:ou/${org.id}/${u.id}` }));
    return pageOf(children, input.NextToken, input.MaxResults, 'OrganizationalUnits');
  },
  ListAccountsForParent: (org: OrgState, caller: Caller, input: { ParentId?: string; NextToken?: string; MaxResults?: number }) => {
    requireReader(org, caller);
    if (!input.ParentId || !org.units.has(input.ParentId)) throw errors.organizations.parentNotFound(String(input.ParentId));
    const accounts = [...org.accounts.values()].filter((a) => a.parent === input.ParentId).sort((a, b) => a.id.localeCompare(b.id)).map((a) => shape(org, a));
    return pageOf(accounts, input.NextToken, input.MaxResults, 'Accounts');
  },
  DescribeAccount: (org: OrgState, caller: Caller, input: { AccountId?: string }) => {
    requireReader(org, caller);
    const account = org.accounts.get(String(input.AccountId));
    if (!account) throw errors.organizations.accountNotFound(String(input.AccountId));
    return { Account: shape(org, account) };
  },
  ListDelegatedAdministrators: (org: OrgState, caller: Caller, input: { ServicePrincipal?: string; NextToken?: string; MaxResults?: number }) => {
    requireReader(org, caller);
    const ids = input.ServicePrincipal === undefined || input.ServicePrincipal === STACKSETS_PRINCIPAL ? [...org.delegatedAdmins].sort() : [];
    return pageOf(ids.map((id) => ({ ...shape(org, org.member(id)), DelegationEnabledDate: org.now })), input.NextToken, input.MaxResults, 'DelegatedAdministrators');
  },
};

/** The STS commands; `sessions` receives the credentials AssumeRole issues. */
export function stsCommands(sessions: Map<string, Session>): Record<string, Handler> {
  return {
    // A role's session answers with its assumed-role ARN, as STS does; the trust policies name the role.
    GetCallerIdentity: (_org: OrgState, caller: Caller) => ({ Account: caller.account, Arn: caller.arn.replace(/^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/, 'arn:$1:sts::$2:assumed-role/$3/operator'), UserId: `AROAEXAMPLE${caller.account}:operator` }),
    AssumeRole: (org: OrgState, caller: Caller, input: AssumeRoleRequest) => {
      const match = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(input.RoleArn ?? '');
      const denied = () => errors.sts.accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
      if (!match) throw errors.sts.accessDenied(`${input.RoleArn} is not a role ARN`);
      const [, accountId = '', roleName = ''] = match;
      const role = org.accounts.get(accountId)?.roles.get(roleName);
      if (!role || !org.accounts.has(caller.account) || role.orgId !== org.id || !role.principals.includes(caller.arn)) throw denied();
      if (org.member(accountId).state !== 'ACTIVE') throw denied();
      const key = `ASIA${org.nextId('', 16)}`;
      sessions.set(key, { account: accountId, role: roleName, caller });
      const expires = new Date(org.now.getTime() + 3_600_000);
      return {
        Credentials: { AccessKeyId: key, SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', SessionToken: `session-${key}`, Expiration: expires },
        AssumedRoleUser: { AssumedRoleId: `AROA${accountId}:${input.RoleSessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${input.RoleSessionName}` },
      };
    },
  };
}
