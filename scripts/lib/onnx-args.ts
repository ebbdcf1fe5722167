// Argument parsing for the ONNX CLI (scripts/onnx.ts). Pure: no file access, no process exit; every problem is a
// UsageError whose one-line message names the subcommand or flag (the flag reader is train's, scripts/lib/args.ts).
import { UsageError, readFlags } from './args.js';

export type OnnxArgs =
  | { command: 'export'; model: string; out: string }
  | { command: 'import'; file: string; out: string }
  | { command: 'help' };

export const ONNX_USAGE = `usage: npm run onnx -- export --model model.json --out model.onnx
       npm run onnx -- import model.onnx --out model.json
export: a studio model file (npm run train -- --out, Save model…) as ONNX: opset 13, Conv/Relu/MaxPool/AveragePool/
        Flatten/Gemm, input "input" [batch,C,H,W], output "logits" [batch,classes] (docs/onnx.md)
import: an ONNX image classifier (Conv, Relu, MaxPool, AveragePool, Flatten, Reshape, Gemm, MatMul+Add,
        BatchNormalization, Pad, a trailing Softmax) as a studio model file; says what it folded or dropped`;

/** Parses `export …` or `import FILE …` (process.argv.slice(2)). */
export function parseOnnxArgs(argv: readonly string[]): OnnxArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command !== 'export' && command !== 'import') throw new UsageError(`expected export or import, got ${JSON.stringify(command)}`);
  let file: string | null = null;
  if (command === 'import') {
    if (rest.length === 0 || rest[0].startsWith('-')) throw new UsageError('import: give the .onnx file first (npm run onnx -- import model.onnx --out model.json)');
    file = rest.shift()!;
  }
  const flags = readFlags(rest, command === 'export' ? ['--model', '--out'] : ['--out'], ['--help', '-h']);
  if (flags.has('--help') || flags.has('-h')) return { command: 'help' };
  const need = (flag: string) => {
    const v = flags.get(flag);
    if (typeof v !== 'string') throw new UsageError(`${command}: ${flag} is required`);
    return v;
  };
  if (command === 'export') return { command, model: need('--model'), out: need('--out') };
  return { command, file: file!, out: need('--out') };
}
