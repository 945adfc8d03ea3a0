/**
 * A local AWS endpoint on 127.0.0.1 for the real SDK clients (`AWS_ENDPOINT_URL`): it answers SSM
 * `GetParameter` (JSON 1.1) with a whitelist and every IAM call (query protocol) with one XML body,
 * and records what it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the local endpoint received: which service, which operation, with what. */
export interface Received {
  readonly service: 'iam' | 'ssm';
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

/** A running endpoint. */
export interface LocalEndpoint {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** IAM's answer to `AttachUserPolicy`. */
export const ATTACHED =
  '<AttachUserPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></AttachUserPolicyResponse>';

/** IAM's answer when the caller may not attach. */
export const DENIED =
  '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/ops is not authorized to perform: iam:AttachUserPolicy on resource: user alice</Message></Error><RequestId>8a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>';

/** Starts an endpoint whose SSM parameter `parameterName` holds an empty whitelist and whose IAM answers `iam`. */
export async function localEndpoint(parameterName: string, iam: { status: number; body: string }): Promise<LocalEndpoint> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => void (body += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string' && target.startsWith('AmazonSSM.')) {
        received.push({ service: 'ssm', operation: target.slice('AmazonSSM.'.length), params: JSON.parse(body) as Record<string, unknown> });
        const value = JSON.stringify({ version: 1, exemptions: [] });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ Parameter: { Name: parameterName, Type: 'String', Value: value, Version: 1 } }));
        return;
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      received.push({ service: 'iam', operation: String(params.Action), params });
      response.writeHead(iam.status, { 'content-type': 'text/xml' });
      response.end(iam.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
