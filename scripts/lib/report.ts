// Plain-text reports for the headless trainer: per-class accuracy and the 10×10 confusion matrix.

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** One line per digit: accuracy and how many test images of that digit there are. */
export function formatPerClass(perClass: readonly number[], confusion: readonly number[]): string {
  const lines = perClass.map((acc, c) => {
    let n = 0;
    for (let j = 0; j < 10; j++) n += confusion[c * 10 + j];
    return `  ${c}  ${pct(acc).padStart(8)}  (${n} images)`;
  });
  return ['per-class accuracy:', ...lines].join('\n');
}

/** Rows are the true digit, columns the predicted one. */
export function formatConfusion(confusion: readonly number[]): string {
  const width = Math.max(4, ...confusion.map((v) => String(v).length + 1));
  const cell = (s: string | number) => String(s).padStart(width);
  const header = `true\\pred ${Array.from({ length: 10 }, (_, j) => cell(j)).join('')}`;
  const rows = Array.from({ length: 10 }, (_, i) => `${String(i).padStart(9)} ${confusion.slice(i * 10, i * 10 + 10).map(cell).join('')}`);
  return ['confusion matrix (rows: true digit, columns: predicted):', header, ...rows].join('\n');
}

/** Shell-quotes an argument list so the recorded command can be pasted back into a shell. */
export function shellJoin(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  const sec = Math.round(s - m * 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
