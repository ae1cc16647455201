import * as common from "oci-common";
import * as core from "oci-core";
import * as identity from "oci-identity";
import * as objectstorage from "oci-objectstorage";
import * as ons from "oci-ons";
import type { OciEndpoints } from "../../config/settings-oci.ts";
import { ConfigError } from "../../errors.ts";
import type { OciAuthProvider } from "./auth.ts";
import { regionOf } from "./auth.ts";
import { createLimitedHttpClient, DEFAULT_DEADLINE_MARGIN_MS, type RequestLimits } from "./request-limits.ts";

/** The SDK clients, built once per container and shared by every invocation. */
export interface OciClients {
  network: core.VirtualNetworkClient;
  objectStorage: objectstorage.ObjectStorageClient;
  notifications: ons.NotificationDataPlaneClient;
  /** Compartment listing for the sweep's `includeSubcompartments`. */
  identity: identity.IdentityClient;
  /** Region and realm, for the public Object Storage URL of download links. */
  region: common.Region;
}

/**
 * The client configuration: no circuit breaker (a function lives for one invocation at a time and its retries
 * are already bounded by the deadline; a breaker kept open across calls would fail unrelated connections).
 * Retries are set per request (see retry.ts), so there is no client-level retry configuration.
 */
export function clientConfiguration(): common.ClientConfiguration {
  return { circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) };
}

/**
 * What every runtime SDK client is built with: the signer and the HTTP client that cuts each request at
 * `requestTimeoutMs`, or sooner at the deadline of the invocation it runs in (request-limits.ts).
 */
export function clientParams(provider: OciAuthProvider, requestTimeoutMs: number): common.AuthParams {
  const outsideInvocation: RequestLimits = {
    perRequestMs: requestTimeoutMs,
    deadline: null,
    marginMs: DEFAULT_DEADLINE_MARGIN_MS,
    clock: { now: () => new Date() },
  };
  // The SDK's type asks for one of the two, but its clients use both: the HTTP client sends, the provider still
  // sets the region and is closed with the client. Signing is the HTTP client's (it holds the signer).
  return {
    authenticationDetailsProvider: provider,
    httpClient: createLimitedHttpClient(new common.DefaultRequestSigner(provider), outsideInvocation),
  } as unknown as common.AuthParams;
}

/**
 * Builds the clients. The region comes from the auth provider; an endpoint override replaces the region's
 * endpoint and is set last, because setting a region rewrites the endpoint.
 */
export function createOciClients(
  provider: OciAuthProvider,
  endpoints: OciEndpoints,
  requestTimeoutMs: number,
): OciClients {
  const region = regionOf(provider);
  if (region === null) {
    throw new ConfigError([
      {
        path: "region",
        message: "the OCI config profile (or resource principal) names no region; set region=…",
      },
    ]);
  }
  const params = clientParams(provider, requestTimeoutMs);
  const network = new core.VirtualNetworkClient(params, clientConfiguration());
  const objectStorage = new objectstorage.ObjectStorageClient(params, clientConfiguration());
  const notifications = new ons.NotificationDataPlaneClient(params, clientConfiguration());
  const identityClient = new identity.IdentityClient(params, clientConfiguration());
  // By id, not Region object: oci-core and oci-ons may bundle their own copy of oci-common, whose Region class
  // is a different type.
  network.regionId = region.regionId;
  objectStorage.regionId = region.regionId;
  notifications.regionId = region.regionId;
  identityClient.regionId = region.regionId;
  if (endpoints.iaas) network.endpoint = endpoints.iaas;
  if (endpoints.objectStorage) objectStorage.endpoint = endpoints.objectStorage;
  if (endpoints.notifications) notifications.endpoint = endpoints.notifications;
  if (endpoints.identity) identityClient.endpoint = endpoints.identity;
  return { network, objectStorage, notifications, identity: identityClient, region };
}

/** The public Object Storage origin download links use: `https://objectstorage.<region>.<realm domain>`. */
export function objectStorageOrigin(region: common.Region): string {
  return `https://objectstorage.${region.regionId}.${region.realm.secondLevelDomain}`;
}
