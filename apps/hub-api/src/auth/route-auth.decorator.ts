import { SetMetadata } from '@nestjs/common';

/** Who may call a route. */
export enum RouteAuth {
  /** A server's remote-hook: HMAC-signed (or the plain shared secret) for the server its body names. */
  ServerSignature = 'server-signature',
  /** The reading endpoints: the hub-wide secret. */
  HubSecret = 'hub-secret',
  /** Anyone: the route says nothing a stranger should not know. */
  None = 'none',
}

export const ROUTE_AUTH = 'ccr:route-auth';

/**
 * Says who may call a controller's routes, or one route's. A route that says nothing takes
 * signed requests from servers only: forgetting this decorator can never open a route.
 */
export const Authenticate = (auth: RouteAuth) => SetMetadata(ROUTE_AUTH, auth);
