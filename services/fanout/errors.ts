/**
 * The fanout's rejections, each a tagged error with its stable service code (services/api/errors.ts,
 * 230–239). None of them ever fails a client request: a fanout problem is counted, logged and, for
 * frames, dropped; only a bad `--fanout` URL stops the server from starting.
 */
import { Data } from "effect"
import { SERVICE_ERROR_CODES } from "../api/errors.ts"

/** `--fanout` / FANOUT_URL is neither redis://, rediss://, nats:// nor memory:// */
export class FanoutUrlInvalid extends Data.TaggedError("FanoutUrlInvalid")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.FanoutUrlInvalid
}

/** an encoded frame over `fanout_max_frame_bytes`: not published (or dropped on receipt) */
export class FanoutFrameTooLarge extends Data.TaggedError("FanoutFrameTooLarge")<{ readonly message: string; readonly bytes: number }> {
  readonly code = SERVICE_ERROR_CODES.FanoutFrameTooLarge
}

/** a received message that is not a fanout frame (or whose payload does not decode) */
export class FanoutFrameMalformed extends Data.TaggedError("FanoutFrameMalformed")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.FanoutFrameMalformed
}

/** the broker refused or lost a publish; the frame stays in the outbox for the next connection */
export class FanoutPublishFailed extends Data.TaggedError("FanoutPublishFailed")<{ readonly message: string }> {
  readonly code = SERVICE_ERROR_CODES.FanoutPublishFailed
}

/** the outbox (frames waiting for the broker) was full: its oldest frame was dropped */
export class FanoutQueueFull extends Data.TaggedError("FanoutQueueFull")<{ readonly message: string; readonly dropped: number }> {
  readonly code = SERVICE_ERROR_CODES.FanoutQueueFull
}

/** the inbox (received frames not yet delivered) was full, or an origin's sequence skipped: frames were lost */
export class FanoutLagged extends Data.TaggedError("FanoutLagged")<{ readonly message: string; readonly lost: number }> {
  readonly code = SERVICE_ERROR_CODES.FanoutLagged
}
