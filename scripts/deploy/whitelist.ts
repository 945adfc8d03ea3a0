/**
 * Whitelist assembly: `whitelist.txt` parsed (file:line errors), each name resolved to its user ID
 * in the account, and the result written to the parameter the functions read.
 */
import * as iamApi from '../../src/aws/iam.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import type { Exemption } from '../../src/core/whitelist.ts';

/** Parses and resolves; throws a WhitelistError listing every bad or unknown name with file:line. */
export async function assemble(iam: iamApi.Iam, text: string, source: string, today: Date): Promise<Exemption[]> {
  // Parsing first: a malformed file is reported before any AWS call.
  const lines = whitelist.parse(text, source, today);
  if (lines.length === 0) return [];
  const users = await iamApi.listUsers(iam);
  return whitelist.resolve(lines, new Map(users.map((user) => [user.name, user.id])), source);
}

/** Writes the exemptions to the parameter (a String, JSON; Advanced tier only over 4 KB); refuses a value over 8 KB. */
export async function write(ssm: ssmApi.Ssm, parameterName: string, exemptions: readonly Exemption[]): Promise<{ value: string; tier: ssmApi.Tier }> {
  const value = whitelist.toParameter(exemptions);
  return { value, tier: await ssmApi.writeWhitelist(ssm, parameterName, value) };
}

/** How a written parameter is described: size, and the tier when it is charged. */
export function describeWrite(written: { value: string; tier: ssmApi.Tier }): string {
  const bytes = new TextEncoder().encode(written.value).length;
  return written.tier === 'Advanced' ? `${bytes} bytes, Advanced tier: USD 0.05 a month` : `${bytes} bytes`;
}
