import type { MonthView } from '../../agenda/overview-view.ts';

/** The chart's drawing box; the SVG scales to its container, so only the proportions matter. */
const WIDTH = 240;
const HEIGHT = 96;
const LABEL_SPACE = 18;
const BAR_WIDTH = 36;

/** The three kinds a bar is made of, bottom to top, with the class that colours them (styles.ts). */
const PARTS = [
  { key: 'doneOnTime', label: 'done on time', className: 'ft-on-time' },
  { key: 'doneLate', label: 'done late', className: 'ft-late' },
  { key: 'overdue', label: 'overdue', className: 'ft-overdue' },
] as const;

/**
 * A pair's follow-through over the last months as stacked bars — done on time, done late, overdue — for seeing at a
 * glance. The drawing is hidden from assistive technology; the same numbers are in a visually hidden table, and the
 * legend says which colour is which. Months with nothing in them keep their place.
 */
export function FollowThroughChart({
  months,
  title,
}: {
  readonly months: readonly MonthView[];
  readonly title: string;
}) {
  const total = (m: MonthView) => m.doneOnTime + m.doneLate + m.overdue;
  if (months.every((m) => total(m) === 0)) {
    return <p class="muted">Follow-through: nothing came due in the last {months.length} months.</p>;
  }
  const most = Math.max(...months.map(total));
  const scale = (HEIGHT - LABEL_SPACE - 4) / most;
  const step = WIDTH / months.length;
  return (
    <figure class="ft">
      <figcaption>Follow-through, last {months.length} months</figcaption>
      <svg
        class="ft-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        aria-hidden="true"
        focusable="false"
      >
        {months.map((month, i) => {
          const x = i * step + (step - BAR_WIDTH) / 2;
          let top = HEIGHT - LABEL_SPACE;
          return (
            <g>
              {PARTS.map((part) => {
                const height = month[part.key] * scale;
                top -= height;
                return height > 0 ? (
                  <rect class={part.className} x={x} y={top} width={BAR_WIDTH} height={height} />
                ) : null;
              })}
              <text class="ft-label" x={i * step + step / 2} y={HEIGHT - 4} text-anchor="middle">
                {month.label.slice(0, 3)}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="ft-legend">
        {PARTS.map((part) => (
          <li>
            <span class={`ft-swatch ${part.className}`} /> {part.label}
          </li>
        ))}
      </ul>
      {/* The wrapper hides it: a table cannot be narrower than its content, so it would widen the page itself. */}
      <div class="visually-hidden">
        <table>
          <caption>Follow-through in {title}, by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {PARTS.map((part) => (
                <th scope="col">{part.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((month) => (
              <tr>
                <th scope="row">{month.label}</th>
                {PARTS.map((part) => (
                  <td>{month[part.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
