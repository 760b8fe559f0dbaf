import { describe, expect, it } from 'vitest';
import { hasRecentStepUp } from '../../domain/actor.ts';

describe('hasRecentStepUp', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  it('is true within the window, false after it or without any step-up', () => {
    expect(hasRecentStepUp({ stepUpAt: new Date(now - 299_000) }, 300, now)).toBe(true);
    expect(hasRecentStepUp({ stepUpAt: new Date(now - 300_000) }, 300, now)).toBe(true);
    expect(hasRecentStepUp({ stepUpAt: new Date(now - 301_000) }, 300, now)).toBe(false);
    expect(hasRecentStepUp({ stepUpAt: undefined }, 300, now)).toBe(false);
    expect(hasRecentStepUp({}, 300, now)).toBe(false);
  });
});
