/** Errors of the deploy family (`make synth|deploy|whitelist|destroy`): what failed, and what to do. */

/** A step that cannot go on. `hint` says what the operator can do about it. */
export class DeployError extends Error {
  override name = 'DeployError';
  constructor(
    readonly step: string,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(hint === undefined ? `${step}: ${problem}` : `${step}: ${problem}\n${hint}`);
  }
}

/** The operator declined (or could not be asked): the declined step did not run; `outcome` says what stands. */
export class DeclinedError extends Error {
  override name = 'DeclinedError';
  constructor(
    readonly what: string,
    readonly outcome = 'nothing changed',
  ) {
    super(`${what}: declined, ${outcome}`);
  }
}
