import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import type { Schema } from '../api/answers.ts';

type HourFigure = Schema<'HourFigure'>;

const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed', '#be123c', '#0f766e', '#4b5563'];

/**
 * Patients disclosed per hour, stacked by role: an exfiltration is a tower where the
 * day's shape is flat. A table gives the same figures to screen readers.
 */
export function HourChart({ figures }: { figures: HourFigure[] }) {
  const { t, date } = useI18n();
  // The last 24 hours, the empty ones too: the day's shape is what shows a tower.
  const now = Date.now() - (Date.now() % 3_600_000);
  const hours = Array.from({ length: 24 }, (_, i) => new Date(now - (23 - i) * 3_600_000).toISOString());
  const roles = [...new Set(figures.map((f) => f.role))].sort();
  const at = (f: HourFigure) => new Date(f.hour).toISOString();
  const total = (hour: string) => figures.filter((f) => at(f) === hour).reduce((sum, f) => sum + f.patients, 0);
  const max = Math.max(1, ...hours.map(total));
  const width = 24 * 22;
  const height = 140;
  const bar = width / hours.length;
  if (figures.length === 0) return <p>{t('app.none')}</p>;
  return (
    <figure className="hour-chart">
      <svg width={width} height={height + 20} aria-hidden="true">
        {hours.map((hour, i) => {
          let y = height;
          return (
            <g key={hour}>
              {roles.map((role, r) => {
                const value = figures.find((f) => at(f) === hour && f.role === role)?.patients ?? 0;
                const h = (value / max) * (height - 10);
                y -= h;
                return value > 0 ? <rect key={role} x={i * bar + 2} y={y} width={bar - 4} height={h} fill={COLOURS[r % COLOURS.length]} /> : null;
              })}
              {i % 3 === 0 && (
                <text x={i * bar + bar / 2} y={height + 14} textAnchor="middle" className="axis">
                  {new Date(hour).toLocaleTimeString('fr-FR', { hour: '2-digit', timeZone: 'Europe/Paris' })}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {roles.map((role, r) => (
            <li key={role}>
              <span className="swatch" style={{ background: COLOURS[r % COLOURS.length] }} /> {t(`role.${role}` as MessageKey)}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="visually-hidden">
        <caption>{t('console.perHour')}</caption>
        <tbody>
          {figures.map((f) => (
            <tr key={`${f.hour}-${f.role}`}>
              <th scope="row">{date(f.hour, true)}</th>
              <td>{t(`role.${f.role}` as MessageKey)}</td>
              <td>{f.patients}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
