/** zod schemas for what Janus sends us: every frame from its WebSocket is parsed here before use. */
import { z } from 'zod';

export const janusJsep = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string() });

export const janusFrame = z.looseObject({
  janus: z.string(),
  transaction: z.string().optional(),
  session_id: z.number().optional(),
  sender: z.number().optional(),
  data: z.looseObject({ id: z.number() }).optional(),
  plugindata: z.object({ plugin: z.string(), data: z.record(z.string(), z.unknown()) }).optional(),
  jsep: janusJsep.optional(),
  error: z.object({ code: z.number(), reason: z.string() }).optional(),
});
export type JanusFrame = z.infer<typeof janusFrame>;

/** A VideoRoom stream as listed in `attached` / `updated` events of a subscriber and in `publishers` events. */
export const videoroomStream = z.looseObject({
  mid: z.string().optional(),
  type: z.enum(['audio', 'video', 'data']),
  feed_id: z.union([z.string(), z.number()]).transform(String).optional(),
  active: z.boolean().optional(),
  disabled: z.boolean().optional(),
});

export const videoroomPublisher = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  display: z.string().optional(),
  streams: z.array(videoroomStream).optional(),
});

/** The VideoRoom `event`/`attached`/`updated` payloads we act on. */
export const videoroomEvent = z.looseObject({
  videoroom: z.string(),
  room: z.union([z.string(), z.number()]).transform(String).optional(),
  publishers: z.array(videoroomPublisher).optional(),
  unpublished: z.union([z.string(), z.number()]).transform(String).optional(),
  leaving: z.union([z.string(), z.number()]).transform(String).optional(),
  kicked: z.union([z.string(), z.number()]).transform(String).optional(),
  streams: z.array(videoroomStream).optional(),
  error_code: z.number().optional(),
  error: z.string().optional(),
});
export type VideoroomEvent = z.infer<typeof videoroomEvent>;
