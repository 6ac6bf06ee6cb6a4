// Cross-check of qv-pqc's SHA-2 / SHA-3 / SHAKE against @noble/hashes (pulled
// in by @noble/post-quantum) on deterministic random messages of lengths
// around every block boundary.
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';
import { run, close, seedBytes, hex, arg, cases, Tally } from './qvpqc.mjs';

const fixed = { sha224, sha256, sha384, sha512, 'sha512-224': sha512_224, 'sha512-256': sha512_256,
  'sha3-224': sha3_224, 'sha3-256': sha3_256, 'sha3-384': sha3_384, 'sha3-512': sha3_512 };
const t = new Tally('hash');
const jobs = [];
const n = cases(40);
for (let i = 0; i < n; i++) {
  const len = i < 20 ? [0, 1, 55, 56, 63, 64, 71, 72, 111, 112, 127, 128, 135, 136, 143, 167, 168, 169, 300, 1000][i]
                     : seedBytes('hash-len', i, 2)[0] * 5 + seedBytes('hash-len', i, 2)[1] % 7;
  const msg = seedBytes('hash-msg', i, len);
  for (const [name, fn] of Object.entries(fixed))
    jobs.push(run(`hash ${name} ${arg(msg)}`).then((got) => t.check(`${name} len=${len}`, got, hex(fn(msg)))));
  const outlen = (i * 37) % 500 + 1;
  jobs.push(run(`hash shake128 ${arg(msg)} --outlen ${outlen}`)
    .then((got) => t.check(`shake128 len=${len} out=${outlen}`, got, hex(shake128(msg, { dkLen: outlen })))));
  jobs.push(run(`hash shake256 ${arg(msg)} --outlen ${outlen}`)
    .then((got) => t.check(`shake256 len=${len} out=${outlen}`, got, hex(shake256(msg, { dkLen: outlen })))));
}
await Promise.all(jobs);
t.report();
await close();
