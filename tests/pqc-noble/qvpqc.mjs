// Shared helper for the @noble/post-quantum cross-check scripts (<family>.mjs).
//
//   import { run, close, seedBytes, hex, unhex, Tally, cases } from './qvpqc.mjs';
//   const out = await run(`mlkem-keygen 768 ${hex(seed)}`);  // one output line
//   const t = new Tally('mlkem'); t.check('keygen 768 #3', out, expected); ...
//   t.report(); await close();   // prints "RESULT mlkem passed=N failed=M"
//
// One `qv-pqc batch` process serves every run() of a script: commands are
// written to its stdin and answers come back one line each, in order, so many
// requests may be in flight (Promise.all) without spawning processes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { shake256 } from '@noble/hashes/sha3.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const QVPQC = process.env.QVPQC || path.join(ROOT, 'build', 'host', 'qv-pqc');

let proc = null;
let pending = [];   // resolvers, in request order
let buffered = '';

function start() {
  proc = spawn(QVPQC, ['batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const r = pending.shift();
      if (r) r.resolve(line);
    }
  });
  proc.on('exit', (code, sig) => {
    const err = new Error(`qv-pqc batch exited (code ${code}, signal ${sig})`);
    for (const r of pending) r.reject(err);
    pending = [];
    proc = null;
  });
  proc.on('error', (e) => { for (const r of pending) r.reject(e); pending = []; });
}

// Runs one qv-pqc command line and resolves to its output line ("error X" on failure).
export function run(cmdline) {
  if (cmdline.includes('\n')) throw new Error('run(): one command per call');
  if (!proc) start();
  return new Promise((resolve, reject) => {
    pending.push({ resolve, reject });
    proc.stdin.write(cmdline + '\n');
  });
}

export async function close() {
  if (!proc) return;
  const p = proc;
  await new Promise((res) => { p.on('exit', res); p.stdin.end(); });
}

export const hex = (u8) => Buffer.from(u8).toString('hex');
export const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
// Empty byte strings are passed as "-" on the command line (qvpqc.h).
export const arg = (u8) => (u8.length ? hex(u8) : '-');

// Deterministic pseudo-random bytes: SHAKE256(label || ":" || index), so a
// failing case is reproducible from its label and index alone.
export function seedBytes(label, index, len) {
  return shake256(new TextEncoder().encode(`${label}:${index}`), { dkLen: len });
}

// Number of random cases per parameter set: default, scaled by QV_NOBLE_SCALE
// (e.g. QV_NOBLE_SCALE=10 for a long run, 0.1 for a quick one).
export function cases(def) {
  const s = Number(process.env.QV_NOBLE_SCALE || '1');
  return Math.max(1, Math.round(def * (Number.isFinite(s) && s > 0 ? s : 1)));
}

export class Tally {
  constructor(family) { this.family = family; this.passed = 0; this.failed = 0; }
  // Compares two strings (hex or result words); prints the first few mismatches.
  check(what, got, want) {
    if (got === want) { this.passed++; return true; }
    this.failed++;
    if (this.failed <= 10) {
      const cut = (s) => (typeof s === 'string' && s.length > 80 ? s.slice(0, 80) + '...' : s);
      console.log(`FAIL ${this.family} ${what}\n  got  ${cut(got)}\n  want ${cut(want)}`);
    }
    return false;
  }
  ok(what, cond) { return this.check(what, cond ? 'true' : 'false', 'true'); }
  report() { console.log(`RESULT ${this.family} passed=${this.passed} failed=${this.failed}`); }
}
