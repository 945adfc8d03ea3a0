/** The effects and sources that call AWS Config (see effects.ts): only the rule and remediation load them. */
import * as configApi from './config.ts';
import type { Effects, Sources } from './effects.ts';

/** PutEvaluations, in batches of 100; with `testMode` Config checks them and records nothing. */
export function putEvaluations(config: configApi.Config, testMode: boolean): NonNullable<Effects['putEvaluations']> {
  return async (resultToken, evaluations) => {
    await configApi.putEvaluations(config, resultToken, evaluations, { testMode });
    return testMode ? 'checked' : 'reported';
  };
}

/** The user name AWS Config holds for a user ID; null when it holds none. */
export function configUserName(config: configApi.Config): NonNullable<Sources['configUserName']> {
  return async (userId) => (await configApi.userName(config, userId)) ?? null;
}
