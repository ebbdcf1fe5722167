// model:restore's checks: the id a model is restored at ("m" and a number, so the session's later ids can follow
// it) and the first run number the new session may use (past every run the UI still shows).
import { CoreError } from '../assert.js';
import type { Command } from '../protocol.js';
import { SessionError } from './errors.js';

/** The largest model or run number a restore may name (ids stay short, counters stay exact). */
export const MAX_ID_NUMBER = 1e9;

/**
 * The numbers in a model:restore command, checked; `full` is the model limit when the id is new and the session
 * already holds that many models (null otherwise).
 */
export function restoreTarget(cmd: Extract<Command, { type: 'model:restore' }>, full: number | null): { modelNumber: number; nextRun: number } {
  const m = /^m([1-9][0-9]{0,8})$/.exec(cmd.model);
  if (!m) throw new CoreError(`model:restore.model: expected "m" and a number from 1 to ${MAX_ID_NUMBER - 1}, got ${JSON.stringify(cmd.model.slice(0, 40))}`);
  if (!Number.isInteger(cmd.nextRun) || cmd.nextRun < 1 || cmd.nextRun >= MAX_ID_NUMBER) throw new CoreError(`model:restore.nextRun: expected a whole number from 1 to ${MAX_ID_NUMBER - 1}, got ${cmd.nextRun}`);
  if (full !== null) throw new SessionError('limit', `model:restore: the session holds ${full} models already; delete one first`);
  return { modelNumber: Number(m[1]), nextRun: cmd.nextRun };
}
