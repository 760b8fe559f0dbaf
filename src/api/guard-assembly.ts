import { cancelExportsOf } from '../exports/cancellation.ts';
import { systemClock, type Clock } from '../guard/clock.ts';
import { Guard } from '../guard/guard.ts';

/**
 * The guard as the application runs it: with what closes alongside a contained account's
 * sessions, in the same transaction — its exports not yet out. The guard knows none of the
 * modules above it; they register here.
 */
export function assembleGuard(clock: Clock = systemClock): Guard {
  return new Guard([cancelExportsOf], clock);
}
