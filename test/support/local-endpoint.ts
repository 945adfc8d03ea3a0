/**
 * Local AWS endpoints on 127.0.0.1 for the real SDK clients (`AWS_ENDPOINT_URL`). `localEndpoint` answers SSM
 * `GetParameter` (JSON 1.1) with a whitelist, every IAM call (query protocol) with one XML body, and
 * AWS Config calls (JSON 1.1) with the body given for the operation, and records what it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the local endpoint received: which service, which operation, with what. */
export interface Received {
  readonly service: 'iam' | 'ssm' | 'config';
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

/** What a handler answers to one request. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A request as the handler sees it: `target` is the JSON protocols' `x-amz-target` header, if any. */
export interface Request {
  readonly target?: string;
  readonly body: string;
}

/** Starts a server on 127.0.0.1 that answers each request with `answer`; `received` is left for the caller to fill. */
export async function serve<R>(answer: (request: Request, received: R[]) => Answer): Promise<{ url: string; received: R[]; close(): Promise<void> }> {
  const received: R[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => void (body += chunk.toString()));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const reply = answer({ ...(typeof target === 'string' && { target }), body }, received);
      response.writeHead(reply.status, { 'content-type': reply.contentType });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Starts an endpoint whose SSM parameter `parameterName` holds an empty whitelist, whose IAM answers `iam`, and whose Config answers `config[operation]` (JSON). */
export function localEndpoint(parameterName: string, iam: { status: number; body: string }, config: Readonly<Record<string, unknown>> = {}): Promise<LocalEndpoint> {
  return serve<Received>(({ target, body }, received) => {
    if (target?.startsWith('StarlingDoveService.')) {
      const operation = target.slice('StarlingDoveService.'.length);
      received.push({ service: 'config', operation, params: JSON.parse(body) as Record<string, unknown> });
      return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(config[operation] ?? {}) };
    }
    if (target?.startsWith('AmazonSSM.')) {
      received.push({ service: 'ssm', operation: target.slice('AmazonSSM.'.length), params: JSON.parse(body) as Record<string, unknown> });
      const value = JSON.stringify({ version: 1, exemptions: [] });
      return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Parameter: { Name: parameterName, Type: 'String', Value: value, Version: 1 } }) };
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    received.push({ service: 'iam', operation: String(params.Action), params });
    return { status: iam.status, contentType: 'text/xml', body: iam.body };
  });
}
