import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServersConfig, SharedSecret } from '@ccr/config';
import {
  SHARED_SECRET_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  TIMESTAMP_HEADER,
  secretsEqual,
  verifySignature,
} from '@ccr/protocol';
import type { IncomingHttpHeaders } from 'node:http';
import { SERVERS_CONFIG, SHARED_SECRET } from '../config/hub-config.constant';
import { SignatureReplayStore } from '@ccr/session-data-access';

export type AuthOutcome =
  { ok: true; method: 'signature' | 'shared-secret' } | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Decides whether a request may speak for a server. Callers answer a bare 401 on failure;
 * the reason goes to the log only.
 */
@Injectable()
export class RequestAuthService {
  private readonly logger = new Logger(RequestAuthService.name);
  private readonly serverSecrets = new Map<string, string>();
  constructor(
    @Inject(SHARED_SECRET) private readonly hubSecret: SharedSecret,
    @Inject(SERVERS_CONFIG) servers: ServersConfig,
    private readonly replays: SignatureReplayStore,
  ) {
    for (const server of servers.servers) {
      if (server.secret) this.serverSecrets.set(server.id, server.secret);
    }
  }

  /**
   * A server with its own secret must sign with it; every other server id uses the hub-wide
   * secret. So a request signed with one server's secret cannot speak for another.
   */
  secretFor(serverId: string | undefined): string {
    return (serverId !== undefined && this.serverSecrets.get(serverId)) || this.hubSecret.value;
  }

  /**
   * A signature is accepted once by all hub-api processes together: the replay check goes
   * through the database they share.
   */
  async checkServerRequest(
    headers: IncomingHttpHeaders,
    rawBody: Buffer,
    serverId: string | undefined,
    nowMs: number = Date.now(),
  ): Promise<AuthOutcome> {
    const secret = this.secretFor(serverId);
    const signature = header(headers, SIGNATURE_HEADER);
    if (signature !== undefined) {
      const timestamp = header(headers, TIMESTAMP_HEADER);
      const check = verifySignature(secret, timestamp, signature, rawBody, nowMs);
      if (!check.ok) return { ok: false, reason: `signature ${check.reason}` };
      // Past the window the signature check refuses it anyway: no need to remember it longer.
      const forgetAt = new Date((Number(timestamp) + SIGNATURE_TOLERANCE_SECONDS) * 1000);
      if (await this.replays.seen(signature, forgetAt)) {
        return { ok: false, reason: 'signature replayed' };
      }
      return { ok: true, method: 'signature' };
    }
    const plain = header(headers, SHARED_SECRET_HEADER);
    if (plain !== undefined) {
      return secretsEqual(plain, secret)
        ? { ok: true, method: 'shared-secret' }
        : { ok: false, reason: 'shared secret mismatch' };
    }
    return { ok: false, reason: 'no credentials' };
  }

  /** Reading endpoints (`/sessions`, `/servers`) take the hub-wide secret only. */
  checkHubRequest(headers: IncomingHttpHeaders): AuthOutcome {
    const bearer = header(headers, 'authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    const given = header(headers, SHARED_SECRET_HEADER) ?? bearer;
    if (given === undefined) return { ok: false, reason: 'no credentials' };
    return secretsEqual(given, this.hubSecret.value)
      ? { ok: true, method: 'shared-secret' }
      : { ok: false, reason: 'shared secret mismatch' };
  }

  logRefusal(path: string, outcome: AuthOutcome, remote: string | undefined): void {
    if (!outcome.ok) {
      this.logger.warn({ msg: 'request refused', path, reason: outcome.reason, remote });
    }
  }
}
