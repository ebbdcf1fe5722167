// Plain-text reports for the headless trainer: per-class accuracy and the k×k confusion matrix (k classes, named).

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

const digitNames = (k: number) => Array.from({ length: k }, (_, i) => String(i));

/** One line per class: accuracy and how many test images of that class there are (`names`: default the class numbers). */
export function formatPerClass(perClass: readonly number[], confusion: readonly number[], names: readonly string[] = digitNames(perClass.length)): string {
  const k = perClass.length;
  const w = Math.max(...names.map((n) => n.length));
  const lines = perClass.map((acc, c) => {
    let n = 0;
    for (let j = 0; j < k; j++) n += confusion[c * k + j];
    return `  ${names[c].padEnd(w)}  ${pct(acc).padStart(8)}  (${n} images)`;
  });
  return ['per-class accuracy:', ...lines].join('\n');
}

/** Rows are the true class, columns the predicted one; columns are numbered, rows named when the classes have names. */
export function formatConfusion(confusion: readonly number[], names?: readonly string[]): string {
  const k = Math.round(Math.sqrt(confusion.length));
  const digits = !names || names.every((n, i) => n === String(i));
  const width = Math.max(4, ...confusion.map((v) => String(v).length + 1));
  const cell = (s: string | number) => String(s).padStart(width);
  const rowW = digits ? 9 : Math.max(9, ...names.map((n, i) => `${i} ${n}`.length));
  const header = `${'true\\pred'.padEnd(rowW)} ${Array.from({ length: k }, (_, j) => cell(j)).join('')}`;
  const rows = Array.from({ length: k }, (_, i) => `${(digits ? String(i) : `${i} ${names[i]}`).padStart(rowW)} ${confusion.slice(i * k, i * k + k).map(cell).join('')}`);
  return [`confusion matrix (rows: true ${digits ? 'digit' : 'class'}, columns: predicted):`, header, ...rows].join('\n');
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
