import 'server-only';
import type { LoadedChannel } from '../channel-record';
import type { RenderedMessage } from '../render-message';
import { slackPayload, teamsPayload, webhookPayload } from './payloads';
import { DeliveryError, postJson, type SendResult } from './post-json';
import { sendEmail } from './send-email';

/** Sends one rendered message through one channel; throws DeliveryError on failure. */
export function sendMessage(channel: LoadedChannel, message: RenderedMessage, appliance: string): Promise<SendResult> {
  if (channel.kind === 'email') return sendEmail(channel, message);
  const url = channel.secrets.url;
  if (!url) throw new DeliveryError('no URL configured');
  if (channel.kind === 'slack') return postJson(url, slackPayload(message));
  if (channel.kind === 'teams') return postJson(url, teamsPayload(message));
  return postJson(url, webhookPayload(message, appliance), channel.secrets.signing_secret);
}
