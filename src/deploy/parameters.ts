/**
 * Stack parameters for a change set: a value given, or the value deployed before. A make variable
 * left unset (FREQUENCY, LOG_RETENTION) must not reset what an earlier deploy chose, so on an update
 * it becomes `UsePreviousValue`; on a first deploy, or for a parameter the deployed stack lacks, it
 * is left out and the template's default applies.
 *
 * @example
 * ```ts
 * parameters.forChangeSet({ Mode: 'enforce', LogRetentionDays: undefined }, ['Mode', 'LogRetentionDays']);
 * // => [{ ParameterKey: 'Mode', ParameterValue: 'enforce' }, { ParameterKey: 'LogRetentionDays', UsePreviousValue: true }]
 * ```
 */

/** One entry of CreateChangeSet's `Parameters`. */
export type ChangeSetParameter = { readonly ParameterKey: string; readonly ParameterValue: string } | { readonly ParameterKey: string; readonly UsePreviousValue: true };

/** `given` (undefined = not given) as CreateChangeSet parameters, for a stack whose deployed parameter keys are `deployed`. */
export function forChangeSet(given: Readonly<Record<string, string | undefined>>, deployed: readonly string[]): ChangeSetParameter[] {
  return Object.entries(given).flatMap(([ParameterKey, value]): ChangeSetParameter[] => {
    if (value !== undefined) return [{ ParameterKey, ParameterValue: value }];
    return deployed.includes(ParameterKey) ? [{ ParameterKey, UsePreviousValue: true }] : [];
  });
}
