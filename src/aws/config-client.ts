/**
 * The AWS Config client, apart from clients.ts so that only the functions that call Config (the
 * rule and remediation) load `@aws-sdk/client-config-service`: about 40 ms of the enforcer's cold start.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { configOf, type ClientSetup } from './clients.ts';

/** A Config client with the shared OPTIONS. */
export function configClient(setup: ClientSetup = {}): ConfigServiceClient {
  return new ConfigServiceClient(configOf(setup));
}
