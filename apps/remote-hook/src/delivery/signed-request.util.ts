import { signedHeaders } from '@ccr/protocol';
import { errorMessage } from '../cli.error';
import { outcomeForStatus, type DeliveryOutcome } from './delivery-outcome.util';
import { sendHttpRequest, type HttpResponse } from './http-request.util';

/** POSTs `body` signed the way hub-api checks it: the same bytes that were signed are sent. */
export function postSigned(
  url: URL,
  secret: string,
  body: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  return sendHttpRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...signedHeaders(secret, body) },
    body,
    timeoutMs,
    signal,
  });
}

/** One delivery attempt; never throws, a network failure is a `retry`. */
export async function deliverSigned(
  url: URL,
  secret: string,
  body: string,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  try {
    const response = await postSigned(url, secret, body, timeoutMs);
    return outcomeForStatus(response.status, response.body);
  } catch (error) {
    return { kind: 'retry', reason: errorMessage(error) };
  }
}
