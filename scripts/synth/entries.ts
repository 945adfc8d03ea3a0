/** Which handler becomes which function of cfn/mfa-guard.yml or cfn/monitoring.yml, matched by logical ID. */

/** One function: its logical ID in its template, its handler module, and whether it embeds the policy document. */
export interface Entry {
  readonly logicalId: string;
  readonly file: string;
  readonly embedsPolicy: boolean;
  /** The template that holds it: the home stack (default) or the monitoring stack. */
  readonly template?: 'home' | 'monitoring';
}

/** The three functions (DESIGN §2) and notify. Only the enforcer restores the policy document, so only it embeds it. */
export const ENTRIES: readonly Entry[] = [
  { logicalId: 'ConfigRuleFunction', file: 'src/handlers/config-rule.ts', embedsPolicy: false },
  { logicalId: 'RemediateFunction', file: 'src/handlers/remediate.ts', embedsPolicy: false },
  { logicalId: 'EnforceFunction', file: 'src/handlers/enforce.ts', embedsPolicy: true },
  { logicalId: 'NotifyFunction', file: 'src/handlers/notify.ts', embedsPolicy: false, template: 'monitoring' },
];

/** The global the enforcer reads (src/handlers/environment.ts): the policy document as a JSON string. */
export const POLICY_DOCUMENT_DEFINE = 'MFA_GUARD_POLICY_DOCUMENT';
