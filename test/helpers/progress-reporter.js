/**
 * A Jest reporter that keeps long runs talking: a line as each test file ends (files done of all, tests so far,
 * elapsed), and, while files run for long without ending, a line every 30 s naming them and the cases they finished.
 * Writes to stderr, beside the default reporter; `--json` output is untouched.
 */
const QUIET_MS = 30_000;

class ProgressReporter {
  constructor() {
    this.running = new Map(); // test path → { start, cases }
    this.done = 0;
    this.tests = 0;
    this.failed = 0;
  }

  onRunStart(results) {
    this.total = results.numTotalTestSuites;
    this.start = Date.now();
    this.lastLine = this.start;
    this.timer = setInterval(() => this.heartbeat(), 5_000);
    this.timer.unref();
  }

  onTestFileStart(test) {
    this.running.set(test.path, { start: Date.now(), cases: 0 });
  }

  onTestStart(test) {
    if (!this.running.has(test.path)) this.onTestFileStart(test);
  }

  onTestCaseResult(test) {
    const file = this.running.get(test.path);
    if (file) file.cases += 1;
  }

  onTestResult(test, result) {
    this.running.delete(test.path);
    this.done += 1;
    this.tests += result.numPassingTests + result.numFailingTests;
    this.failed += result.numFailingTests + (result.testExecError ? 1 : 0);
    const seconds = ((result.perfStats.end - result.perfStats.start) / 1000).toFixed(1);
    this.write(
      `progress: ${this.done}/${this.total} files, ${this.tests} tests (${this.failed} failed), ${this.elapsed()} elapsed; ${relative(test.path)} took ${seconds} s`,
    );
  }

  onRunComplete() {
    clearInterval(this.timer);
  }

  heartbeat() {
    if (Date.now() - this.lastLine < QUIET_MS || this.running.size === 0) return;
    const files = [...this.running].map(([path, f]) => `${relative(path)} (${Math.round((Date.now() - f.start) / 1000)} s, ${f.cases} cases done)`);
    this.write(`progress: still running after ${this.elapsed()}: ${files.join(', ')}`);
  }

  elapsed() {
    const s = Math.round((Date.now() - this.start) / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }

  write(line) {
    this.lastLine = Date.now();
    process.stderr.write(`${line}\n`);
  }
}

function relative(path) {
  return path.slice(path.indexOf('/test/') + 1);
}

module.exports = ProgressReporter;
