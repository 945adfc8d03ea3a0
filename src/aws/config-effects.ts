/** The effects and sources that call AWS Config (see effects.ts): only the rule and remediation load them. */
import * as configApi from './config.ts';
import * as configCompliance from './config-compliance.ts';
import { errorMessage, errorName } from './errors.ts';
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

/**
 * What Config holds for the rule; an error reading it is not thrown but returned as `unreadable`,
 * so the sweep falls back to writing every evaluation (costly, never wrong) and says why.
 */
export function held(config: configApi.Config, ruleName: string): NonNullable<Sources['held']> {
  return async () => {
    try {
      return { kind: 'read', evaluations: await configCompliance.held(config, ruleName) };
    } catch (error) {
      return { kind: 'unreadable', reason: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` };
    }
  };
}
