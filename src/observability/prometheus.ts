/**
 * A small Prometheus registry: counters and histograms with labels, rendered in the text exposition format (0.0.4).
 * Hand-written rather than prom-client, which is Node-only (it reads process and cluster state at import); this is
 * all Carryover needs and runs on Workers unchanged.
 *
 * @example
 * const registry = new Registry();
 * const calls = registry.counter('app_calls_total', 'Calls made.', ['status']);
 * calls.inc({ status: '200' });
 * registry.render(); // # HELP app_calls_total Calls made.\n# TYPE app_calls_total counter\napp_calls_total{status="200"} 1\n
 */

/** Label values by label name. */
export type Labels = Readonly<Record<string, string>>;

/** One sample of a gauge read at scrape time (from the database, say). */
export interface GaugeFamily {
  readonly name: string;
  readonly help: string;
  readonly samples: readonly { readonly labels?: Labels; readonly value: number }[];
}

/** The content type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Family {
  render(): string;
}

/** A count that only goes up, per label set. */
export class Counter implements Family {
  readonly #values = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(this.labelNames, labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  /** The current count for one label set (0 when never counted). */
  get(labels: Labels = {}): number {
    return this.#values.get(labelText(this.labelNames, labels)) ?? 0;
  }

  render(): string {
    let text = header(this.name, this.help, 'counter');
    for (const [labels, value] of this.#values) text += `${this.name}${braces(labels)} ${number(value)}\n`;
    return text;
  }
}

/** Observations in cumulative buckets, with their sum and count, per label set. */
export class Histogram implements Family {
  readonly #series = new Map<string, { buckets: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(this.labelNames, labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { buckets: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    for (const [i, bound] of this.buckets.entries()) if (value <= bound) series.buckets[i]! += 1;
    series.sum += value;
    series.count += 1;
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram');
    for (const [labels, series] of this.#series) {
      const prefix = labels === '' ? '' : `${labels},`;
      for (const [i, bound] of this.buckets.entries()) {
        text += `${this.name}_bucket{${prefix}le="${number(bound)}"} ${series.buckets[i]}\n`;
      }
      text += `${this.name}_bucket{${prefix}le="+Inf"} ${series.count}\n`;
      text += `${this.name}_sum${braces(labels)} ${number(series.sum)}\n`;
      text += `${this.name}_count${braces(labels)} ${series.count}\n`;
    }
    return text;
  }
}

/** The metrics of one process (or isolate), rendered together. */
export class Registry {
  readonly #families: Family[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.#add(new Counter(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, labelNames, buckets));
  }

  /** Every family in the text format, followed by `gauges` read at scrape time. */
  render(gauges: readonly GaugeFamily[] = []): string {
    let text = this.#families.map((family) => family.render()).join('');
    for (const gauge of gauges) {
      text += header(gauge.name, gauge.help, 'gauge');
      for (const sample of gauge.samples) {
        const labels = sample.labels ?? {};
        text += `${gauge.name}${braces(labelText(Object.keys(labels), labels))} ${number(sample.value)}\n`;
      }
    }
    return text;
  }

  #add<T extends Family>(family: T): T {
    this.#families.push(family);
    return family;
  }
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}\n# TYPE ${name} ${type}\n`;
}

/** `a="x",b="y"` in the declared order, values escaped as the format wants (backslash, quote, newline). */
function labelText(names: readonly string[], labels: Labels): string {
  return names
    .map((name) => {
      const value = (labels[name] ?? '').replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
      return `${name}="${value}"`;
    })
    .join(',');
}

function braces(labels: string): string {
  return labels === '' ? '' : `{${labels}}`;
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
