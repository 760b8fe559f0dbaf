import { describe, expect, it } from 'vitest';
import { describeSettings, InvalidSettings, loadSettings, SETTINGS } from '../src/cli/settings.ts';

/** One configuration module: every setting named, checked at start all at once, printed with its secrets masked. */
describe('the settings', () => {
  it('are the defaults, the safe ones, when nothing is set', () => {
    const settings = loadSettings({}, {});
    expect(settings.access).toEqual({ careTailDays: 30, breakGlassHours: 4 });
    expect(settings.exportApprovalAbove).toBe(50);
    expect(settings.runtime.host).toBe('127.0.0.1');
    expect(settings.sso).toBeUndefined();
    expect(settings.alertWebhook).toBeUndefined();
  });

  it('refuse to start on every bad one at once, a misspelt name included, and tighten only', () => {
    const env = {
      VIGIE_CARE_TAIL_DAYZ: '3',
      VIGIE_BREAK_GLASS_HOURS: '48',
      VIGIE_EXPORT_APPROVAL_ABOVE: '5000',
      VIGIE_MASTER_KEY: 'short',
      VIGIE_ALERT_WEBHOOK: 'http://siem.example',
    };
    let message = '';
    try {
      loadSettings({}, env);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettings);
      message = (error as Error).message;
    }
    for (const named of [
      'VIGIE_CARE_TAIL_DAYZ is not a setting',
      'VIGIE_BREAK_GLASS_HOURS',
      'VIGIE_EXPORT_APPROVAL_ABOVE',
      'VIGIE_MASTER_KEY',
      'webhook is half configured',
    ]) {
      expect(message).toContain(named);
    }
    expect(loadSettings({}, { VIGIE_BREAK_GLASS_HOURS: '2', VIGIE_EXPORT_APPROVAL_ABOVE: '10' })).toMatchObject({
      access: { breakGlassHours: 2 },
      exportApprovalAbove: 10,
    });
  });

  it('are printed with their secrets masked and their defaults named', () => {
    const secret = 'a'.repeat(64);
    const printed = describeSettings({ VIGIE_MASTER_KEY: secret, VIGIE_ALERT_WEBHOOK_SECRET: 'b'.repeat(40), VIGIE_CARE_TAIL_DAYS: '10' });
    expect(printed).toHaveLength(SETTINGS.length);
    expect(JSON.stringify(printed)).not.toContain(secret);
    expect(printed.find((setting) => setting.name === 'VIGIE_MASTER_KEY')).toMatchObject({ value: '(set, not shown)', from: 'environment' });
    expect(printed.find((setting) => setting.name === 'VIGIE_CARE_TAIL_DAYS')).toMatchObject({ value: '10', from: 'environment' });
    expect(printed.find((setting) => setting.name === 'HOST')).toMatchObject({ from: 'default' });
  });

  it('name every VIGIE_ variable the code reads', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    })(join(import.meta.dirname, '..', 'src'));
    const read = new Set(files.flatMap((file) => readFileSync(file, 'utf8').match(/\bVIGIE_[A-Z_]+[A-Z]\b/g) ?? []));
    const named = new Set(SETTINGS.map((setting) => setting.name));
    expect([...read].filter((name) => !named.has(name)).sort()).toEqual([]);
  });
});
