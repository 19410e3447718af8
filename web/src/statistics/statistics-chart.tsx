/**
 * One chart of the statistics page, drawn by Chart.js (react-chartjs-2). Loaded on demand (`React.lazy` in
 * statistics-page.tsx): Chart.js stays out of the main bundle. The canvas is an image to assistive technology,
 * labelled; the figures themselves are in the table beside it.
 */
import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Doughnut, Line } from 'react-chartjs-2';

ChartJS.register(ArcElement, BarElement, CategoryScale, LinearScale, LineElement, PointElement, Tooltip, Legend);

/** Colours that stay apart for the colour-blind (Okabe–Ito). */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export interface ChartSpec {
  kind: 'bar' | 'horizontalBar' | 'line' | 'doughnut';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  /** The value axis runs 0–100 (a share in percent). */
  percent?: boolean;
}

export default function StatisticsChart({ spec, label, testId }: { spec: ChartSpec; label: string; testId: string }) {
  const datasets = spec.datasets.map((d, i) => ({
    ...d,
    backgroundColor: spec.kind === 'doughnut' ? spec.labels.map((_, j) => palette[j % palette.length]) : palette[i % palette.length],
    borderColor: spec.kind === 'doughnut' ? '#ffffff' : palette[i % palette.length],
    tension: 0.2,
  }));
  const data = { labels: spec.labels, datasets };
  const valueAxis = { beginAtZero: true, ...(spec.percent ? { max: 100 } : {}), ticks: { precision: 0 } };
  const common = { responsive: true, maintainAspectRatio: false, animation: false as const, plugins: { legend: { display: spec.datasets.length > 1 || spec.kind === 'doughnut' } } };
  const aria = { role: 'img', 'aria-label': label, 'data-testid': testId } as const;
  return (
    <div className="statistics-canvas">
      {spec.kind === 'line' ? (
        <Line data={data} options={{ ...common, scales: { y: valueAxis } }} {...aria} />
      ) : spec.kind === 'doughnut' ? (
        <Doughnut data={data} options={common} {...aria} />
      ) : (
        <Bar data={data} options={{ ...common, indexAxis: spec.kind === 'horizontalBar' ? 'y' : 'x', scales: spec.kind === 'horizontalBar' ? { x: valueAxis } : { y: valueAxis } }} {...aria} />
      )}
    </div>
  );
}
