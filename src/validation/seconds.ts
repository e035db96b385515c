/**
 * Poll intervals and timeouts: the same bounds at synth and at apply. A value is whole milliseconds from
 * 1 ms to 2^31−1 ms, the largest delay `setTimeout` honours (a larger one fires after 1 ms), and it is
 * written in seconds with at most three decimals and never in exponent notation.
 */
import { type Problem, quoted } from './validators';

/** The longest delay a Node.js timer honours, in milliseconds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
const DESCRIBE = `a number of seconds from 0.001 to ${MAX_TIMER_MS / 1000} (at most three decimals, no exponent)`;

/** The milliseconds of a number of seconds (a number at synth, the text of a flag at apply), or the problem. */
export function secondsToMs(value: unknown): { readonly ms: number } | Problem {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}(\.\d{1,3})?$/.test(value) ? Number(value) : NaN;
  const ms = Math.round(seconds * 1000);
  if (Number.isFinite(seconds) && ms >= 1 && ms <= MAX_TIMER_MS && Math.abs(ms - seconds * 1000) < 1e-6 * Math.max(1, ms)) return { ms };
  return { problem: `is ${quoted(value)}, which is not ${DESCRIBE}`, fix: `use ${DESCRIBE}, e.g. 2 or 0.5` };
}

/** Milliseconds as the seconds the command line carries: `1500` → `'1.5'`, never `'1e-3'`. */
export function formatSeconds(ms: number): string {
  return (Math.round(ms) / 1000).toFixed(3).replace(/\.?0+$/, '');
}
