#!/usr/bin/env node
/** Synthesizes one benchmark stack in this fresh process: `node bench/synth-once.js lifecycle|plain N OUTDIR`. */
const { synthLifecycle, synthPlain } = require('./stacks');

const [kind, n, outdir] = process.argv.slice(2);
(kind === 'lifecycle' ? synthLifecycle : synthPlain)(Number(n), outdir);
