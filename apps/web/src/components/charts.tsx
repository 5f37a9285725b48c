import { useI18n, type Language } from '../i18n';

// Charts drawn as plain SVG: a handful of bars needs no charting library, and SVG text stays
// readable to screen readers through the title and the table each chart sits beside.

export interface Bar {
  label: string;
  value: number;
  tone?: string;
}

export function BarChart({ bars, title, unit, height = 180 }: { bars: Bar[]; title: string; unit: string; height?: number }) {
  const { language } = useI18n();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(320, bars.length * 48);
  const plot = height - 40;
  const step = width / Math.max(1, bars.length);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        <line x1="0" y1={plot} x2={width} y2={plot} className="axis" />
        {bars.map((bar, i) => {
          const h = (bar.value / max) * (plot - 16);
          const x = i * step + step * 0.18;
          return (
            <g key={bar.label}>
              <rect x={x} y={plot - h} width={step * 0.64} height={h} className={`bar ${bar.tone ?? ''}`}>
                <title>{`${bar.label}: ${bar.value} ${unit}`}</title>
              </rect>
              <text x={x + step * 0.32} y={plot - h - 4} textAnchor="middle" className="value">
                {formatShort(bar.value, language)}
              </text>
              <text x={x + step * 0.32} y={plot + 16} textAnchor="middle" className="label">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {title} ({unit})
      </figcaption>
    </figure>
  );
}

/** A bar's label, shortened the way readers of each language count (万/亿, or k/M). */
function formatShort(value: number, language: Language): string {
  if (language === 'zh') {
    if (value >= 1e8) return `${(value / 1e8).toFixed(1)}亿`;
    if (value >= 1e4) return `${(value / 1e4).toFixed(1)}万`;
  } else {
    if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
    if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
