/**
 * A lab value over time as a small line (SVG, no library): the points, the reference
 * range as a band. Its text alternative lists the values, for screen readers.
 */
export function Trend({
  points,
  low,
  high,
  label,
}: {
  points: Array<{ at: string; value: number }>;
  low?: number | undefined;
  high?: number | undefined;
  label: string;
}) {
  const width = 160;
  const height = 36;
  if (points.length < 2) return null;
  const values = points.map((point) => point.value).concat(low ?? [], high ?? []);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const times = points.map((point) => new Date(point.at).getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const x = (time: number) => 2 + ((time - first) / (last - first || 1)) * (width - 4);
  const y = (value: number) => height - 2 - ((value - min) / span) * (height - 4);
  const path = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]!).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={`${label} : ${points.map((point) => point.value).join(', ')}`} className="trend">
      {low !== undefined && high !== undefined && <rect x={0} width={width} y={y(high)} height={Math.max(1, y(low) - y(high))} className="trend-range" />}
      <path d={path} className="trend-line" />
      {points.map((point, i) => (
        <circle
          key={i}
          cx={x(times[i]!)}
          cy={y(point.value)}
          r={2}
          className={(low !== undefined && point.value < low) || (high !== undefined && point.value > high) ? 'trend-out' : 'trend-point'}
        />
      ))}
    </svg>
  );
}
