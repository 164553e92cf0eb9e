import { randomUUID } from 'node:crypto';
import type { PingAccepted } from '@ccr/protocol';
import { errorMessage } from '../../cli.error';
import type { RemoteHookConfig } from '../../config/config.interface';
import { describeAnswer } from '../../delivery/delivery-outcome.util';
import { sendHttpRequest } from '../../delivery/http-request.util';
import type { HubUrls } from '../../delivery/hub-urls.util';
import { postSigned } from '../../delivery/signed-request.util';
import type { CheckResult } from './check-result.interface';

export async function checkHubHealth(urls: HubUrls, timeoutMs: number): Promise<CheckResult> {
  const target = `GET ${urls.health.href}`;
  try {
    const response = await sendHttpRequest({ method: 'GET', url: urls.health, timeoutMs });
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, text: `hub reachable: ${target} answered ${response.status}` };
    }
    return {
      ok: false,
      text: `hub answered ${target} with ${describeAnswer(response.status, response.body)}: is CENTRAL_HUB_ENDPOINT the hub-api's /notify URL?`,
    };
  } catch (error) {
    return {
      ok: false,
      text: `hub not reachable, ${target} failed (${errorMessage(error)}): is hub-api running, and its port open from this machine?`,
    };
  }
}

/** `POST /ping`, signed exactly like `/notify`: proves the secret without storing anything. */
export async function checkSignedPing(
  urls: HubUrls,
  config: RemoteHookConfig,
  timeoutMs: number,
): Promise<CheckResult> {
  // The nonce keeps two checks within one second from carrying the same signature (a replay).
  const body = JSON.stringify({ serverId: config.serverId, nonce: randomUUID() });
  let status: number;
  let answer: string;
  try {
    ({ status, body: answer } = await postSigned(urls.ping, config.secret, body, timeoutMs));
  } catch (error) {
    return {
      ok: false,
      text: `signed ping to ${urls.ping.href} failed (${errorMessage(error)})`,
    };
  }
  if (status === 200) {
    const accepted = parsePingAccepted(answer);
    if (!accepted) {
      return {
        ok: false,
        text: `signed ping: ${urls.ping.href} answered 200 but not with a ping answer: is this hub-api?`,
      };
    }
    if (!accepted.knownServer) {
      return {
        ok: true,
        text: `signed ping accepted for ${accepted.serverId}, which is not in the hub's servers.json: notifications arrive, but answers from Telegram cannot reach this machine until it is added`,
      };
    }
    return {
      ok: true,
      text: `signed ping accepted for ${accepted.serverId}: the shared secret matches`,
    };
  }
  if (status === 401) {
    return {
      ok: false,
      text: `signed ping refused (HTTP 401): the shared secret is wrong for ${config.serverId}; use the hub's SHARED_SECRET (or this server's secret in servers.json), and check this clock is within 300 s of the hub's`,
    };
  }
  if (status === 404) {
    return {
      ok: false,
      text: `signed ping: ${urls.ping.href} does not exist (HTTP 404): is the endpoint the hub's /notify URL?`,
    };
  }
  return { ok: false, text: `signed ping refused with ${describeAnswer(status, answer)}` };
}

function parsePingAccepted(text: string): PingAccepted | null {
  try {
    const value = JSON.parse(text) as Partial<PingAccepted>;
    if (value.ok === true && typeof value.serverId === 'string') {
      return { ok: true, serverId: value.serverId, knownServer: value.knownServer !== false };
    }
  } catch {
    // Reported by the caller.
  }
  return null;
}
