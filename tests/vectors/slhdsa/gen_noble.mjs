// Regenerates the SLH-DSA signing known answers of this folder with
// @noble/post-quantum (an independent FIPS 205 implementation, validated
// against the NIST ACVP files in its own test suite). Keys come from the
// ACVP keyGen vectors in keygen.txt (first key of each parameter set).
//
//   node tests/vectors/slhdsa/gen_noble.mjs      (after npm ci in tests/pqc-noble)
//
// Writes sign.txt (SHA-256 of each expected signature) and, for the slow 's'
// sets, s/<set>.sig (the raw expected signature, for verify-only KATs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as slh from '../../pqc-noble/node_modules/@noble/post-quantum/slh-dsa.js';
import { sha256, sha512 } from '../../pqc-noble/node_modules/@noble/hashes/sha2.js';
import { shake128_32, shake256_64 } from '../../pqc-noble/node_modules/@noble/hashes/sha3.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const hex = (u8) => Buffer.from(u8).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
const fn = (name) => slh['slh_dsa_' + name.slice(8).toLowerCase().replace(/-/g, '_')];

const keys = new Map();
for (const line of fs.readFileSync(path.join(dir, 'keygen.txt'), 'utf8').split('\n')) {
  const f = line.trim().split(/\s+/);
  if (f.length !== 6 || f[0].startsWith('#') || keys.has(f[0])) continue;
  keys.set(f[0], { tc: f[1], seed: unhex(f[2] + f[3] + f[4]), pk: f[5] });
}

// msg/ctx/rnd are fixed patterns so the C side can rebuild them: byte i of a
// pattern (tag, len) is (tag + 13 i) mod 256.
const pat = (tag, len) => Uint8Array.from({ length: len }, (_, i) => (tag + 13 * i) & 255);
const out = ['# SLH-DSA signing KATs: expected signatures computed by gen_noble.mjs with',
  '# @noble/post-quantum ' + JSON.parse(fs.readFileSync(path.join(dir,
    '../../pqc-noble/node_modules/@noble/post-quantum/package.json'), 'utf8')).version +
  ' from the ACVP keyGen keys of keygen.txt (tcId given).',
  '# <set> <tcId> <mode: pure or the HashSLH-DSA pre-hash> <msg tag> <msg len> <ctx tag> <ctx len>',
  '#   <rnd tag or - for deterministic> <SHA-256 of the signature | file s/<set>.sig>'];
const cases = [];
for (const [name] of keys) {
  const s = name.endsWith('s');
  cases.push([name, 'pure', 1, 33, 2, 5, null]);
  if (!s) {
    cases.push([name, 'pure', 3, 0, 4, 0, 7]);          // hedged, empty message and context
    // Pre-hash as strong as the parameter set (noble insists, FIPS 205 §10.2.2 advises).
    const strong = !name.includes('128');
    const ph = name.includes('SHAKE') ? (strong ? 'SHAKE-256' : 'SHAKE-128') : (strong ? 'SHA2-512' : 'SHA2-256');
    cases.push([name, ph, 5, 100, 6, 255, null]);
  }
}
fs.mkdirSync(path.join(dir, 's'), { recursive: true });
for (const [name, mode, mt, ml, ct, cl, rt] of cases) {
  const k = keys.get(name), alg = fn(name);
  const { publicKey, secretKey } = alg.keygen(Uint8Array.from(k.seed));
  if (hex(publicKey) !== k.pk.toLowerCase()) throw new Error(`keygen mismatch ${name}`);
  const n = publicKey.length / 2;
  const opts = { context: pat(ct, cl), extraEntropy: rt === null ? false : pat(rt, n) };
  const phs = { 'SHA2-256': sha256, 'SHA2-512': sha512, 'SHAKE-128': shake128_32, 'SHAKE-256': shake256_64 };
  const signer = mode === 'pure' ? alg : alg.prehash(phs[mode]);
  const t0 = Date.now();
  const sig = signer.sign(pat(mt, ml), secretKey, opts);
  let res = hex(sha256(sig));
  if (name.endsWith('s')) {
    fs.writeFileSync(path.join(dir, 's', name + '.sig'), sig);
    res = `s/${name}.sig`;
  }
  out.push([name, k.tc, mode, mt, ml, ct, cl, rt === null ? '-' : rt, res].join(' '));
  console.error(`${name} ${mode}: ${Date.now() - t0} ms`);
}
fs.writeFileSync(path.join(dir, 'sign.txt'), out.join('\n') + '\n');
