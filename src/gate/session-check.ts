import type { Actor } from '../domain/actor.ts';
import type { Statement } from '../store/sql.ts';

/**
 * A request's session check, handed to the gate so that it runs in the statement of a
 * quiet read rather than in one of its own. The API builds it (src/api/authenticate.ts);
 * the gate runs it and asks the API to admit what it found before anything else.
 */
export interface SessionCheck {
  /** The hash of the request's token, by which its session is found. */
  tokenHash: Uint8Array;
  /**
   * The common table expressions that define `live` for the relation `asked` (of
   * `token_hash, asked_id, n`): src/identity/sessions.ts, the same function for every check.
   */
  sessions(asked: Statement): Statement;
  /**
   * The actor of the `live` row when the API will admit it (a session live, its token used
   * from the place it was opened from); undefined otherwise. Without a side effect: asked
   * inside the read's transaction, before any entry is written.
   */
  admissible(live: unknown): Actor | undefined;
  /**
   * The actor of the `live` row, admitted by the API after the read's transaction; a 401
   * thrown when there is none, or its token is used elsewhere (which closes the account's sessions).
   */
  admit(live: unknown): Promise<Actor>;
}
