// The session's coded failure: an error with the protocol code its answer carries.
import { CoreError } from '../assert.js';
import type { ErrorCode } from '../protocol.js';

/** A failure with its protocol code; anything else thrown while handling a command is `invalid` input. */
export class SessionError extends CoreError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}
