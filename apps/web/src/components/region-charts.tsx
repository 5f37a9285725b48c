// Charts of the cross-region statistics page, plain SVG like charts.tsx: every mark carries a title
// with its number, and each chart sits beside a table of the same figures.

export interface Series {
  name: string;
  tone: 'a' | 'b' | 'c';
}

export interface Group {
  label: string;
  values: number[];
}

/** Bars side by side per group (a month, a category): one bar per series. */
export function GroupedBarChart({ groups, series, title, unit, height = 200 }: { groups: Group[]; series: Series[]; title: string; unit: string; height?: number }) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  const barWidth = 12;
  const width = Math.max(320, groups.length * (series.length * barWidth + 14) + 10);
  // Few groups (categories) spread over the width, so that their labels do not run into each other.
  const groupWidth = (width - 10) / Math.max(1, groups.length);
  const plot = height - 52;
  return (
    <figure className="chart region-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        <line x1="0" y1={plot} x2={width} y2={plot} className="axis" />
        {groups.map((g, i) => {
          const x0 = 5 + i * groupWidth + (groupWidth - series.length * barWidth) / 2;
          return (
            <g key={g.label}>
              {g.values.map((v, s) => {
                const h = (v / max) * (plot - 14);
                return (
                  <rect key={series[s].name} x={x0 + s * barWidth} y={plot - h} width={barWidth - 2} height={h} className={`bar tone-${series[s].tone}`}>
                    <title>{`${g.label} · ${series[s].name}: ${v} ${unit}`}</title>
                  </rect>
                );
              })}
              <text x={x0 + (series.length * barWidth) / 2} y={plot + 14} textAnchor="middle" className="label">
                {g.label}
              </text>
            </g>
          );
        })}
        {series.map((s, i) => (
          <g key={s.name} transform={`translate(${8 + i * Math.min(150, (width - 16) / series.length)}, ${height - 14})`}>
            <rect width="10" height="10" y="-9" className={`bar tone-${s.tone}`} />
            <text x="14" className="legend">{s.name}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        {title} ({unit})
      </figcaption>
    </figure>
  );
}

export interface Flow {
  label: string;
  hours: number;
  services: number;
}

/** Two regions and the services flowing each way between them, each arrow as thick as its hours. */
export function FlowDiagram({ left, right, forward, backward, title, servicesLabel, unit }: {
  left: string; right: string; forward: Flow; backward: Flow; title: string; servicesLabel: string; unit: string;
}) {
  const max = Math.max(1, forward.hours, backward.hours);
  const stroke = (h: number) => 2 + (h / max) * 12;
  return (
    <figure className="chart flow-chart">
      <svg viewBox="0 0 360 170" role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        <defs>
          <marker id="flow-arrow" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="flow-head" />
          </marker>
        </defs>
        <rect x="6" y="50" width="84" height="70" rx="10" className="region-box" />
        <text x="48" y="90" textAnchor="middle" className="region-name">{left}</text>
        <rect x="270" y="50" width="84" height="70" rx="10" className="region-box" />
        <text x="312" y="90" textAnchor="middle" className="region-name">{right}</text>
        <line x1="98" y1="66" x2="256" y2="66" className="flow tone-a" strokeWidth={stroke(forward.hours)} markerEnd="url(#flow-arrow)">
          <title>{`${forward.label}: ${forward.services} ${servicesLabel}, ${forward.hours} ${unit}`}</title>
        </line>
        <text x="180" y="40" textAnchor="middle" className="flow-label">{`${forward.label}: ${forward.services} · ${forward.hours} ${unit}`}</text>
        <line x1="262" y1="106" x2="104" y2="106" className="flow tone-b" strokeWidth={stroke(backward.hours)} markerEnd="url(#flow-arrow)">
          <title>{`${backward.label}: ${backward.services} ${servicesLabel}, ${backward.hours} ${unit}`}</title>
        </line>
        <text x="180" y="145" textAnchor="middle" className="flow-label">{`${backward.label}: ${backward.services} · ${backward.hours} ${unit}`}</text>
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
