/** CloudWatch Logs subscription payloads for tests: log lines as Lambda writes them (text format), gzipped and Base64-encoded. */
import { gzipSync } from 'node:zlib';

/** The payload a subscription filter delivers for `lines` of `logGroup`, each written at `at`. */
export function subscription(logGroup: string, lines: readonly unknown[], at: Date) {
  const logEvents = lines.map((line, i) => ({ id: `${i}`, timestamp: at.getTime(), message: `${at.toISOString()}\t8f5e3c1a-1b2c-4d5e-9f00-abcdef012345\tINFO\t${JSON.stringify({ level: 'info', ...(line as object) })}\n` }));
  const data = { messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup, logStream: '2025/01/15/[$LATEST]0123456789abcdef', subscriptionFilters: ['mfa-guard-monitoring-EnforceAlerts-1A2B'], logEvents };
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(data))).toString('base64') } };
}
