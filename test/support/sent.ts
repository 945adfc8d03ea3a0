/** The AWS calls an `aws-sdk-client-mock` stub received, as plain data to compare with `assert.equal`. */

/** One call: the command's class name and its input. */
export interface Sent {
  readonly command: string;
  readonly input: unknown;
}

interface Stub {
  calls(): ReadonlyArray<{ readonly args: readonly [unknown, ...unknown[]] }>;
}

/** Every call the stub received, in order: `[{ command: 'AttachUserPolicyCommand', input: {...} }]`. */
export function sent(stub: Stub): Sent[] {
  return stub.calls().map(({ args: [command] }) => ({
    command: typeof command === 'object' && command !== null ? command.constructor.name : typeof command,
    input: typeof command === 'object' && command !== null && 'input' in command ? command.input : undefined,
  }));
}
