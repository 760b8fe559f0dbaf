import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * WCAG 2.1 AA (1.4.3): text at least 4.5:1 against its background. The colour pairs the
 * web application uses, read from its stylesheet, so a change of palette is checked.
 */
const css = readFileSync(join(import.meta.dirname, '..', 'web', 'src', 'ui', 'styles.css'), 'utf8');
const colour = (name: string) => {
  const value = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];
  if (!value) throw new Error(`no --${name} in styles.css`);
  return value;
};

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the web palette', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each([
    ['ink', 'paper'],
    ['muted', 'paper'],
    ['muted', 'band'],
    ['accent', 'paper'],
    ['accent-ink', 'accent'],
    ['accent-ink', 'danger'],
    ['danger', 'paper'],
    ['warning-ink', 'warning-bg'],
    ['error-ink', 'error-bg'],
    ['success-ink', 'success-bg'],
    ['success-ink', 'paper'],
  ])('%s on %s reads at 4.5:1 or more', (text, background) => {
    expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
  });
});
