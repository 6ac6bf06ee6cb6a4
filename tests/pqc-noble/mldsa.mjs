// Cross-check of ML-DSA (FIPS 204) in qv-pqc against @noble/post-quantum.
// Per parameter set and random seed: keygen (pk, sk must be identical), one
// signature in a rotating mode (deterministic pure, hedged pure, HashML-DSA,
// external mu) with random message and context (must be byte-identical,
// and qv-pqc must accept noble's signature), then negative cases: a flipped
// signature bit, a different message and a different context must all be
// rejected by qv-pqc, and noble must agree on the flipped-bit case.
// Prints "RESULT mldsa passed=N failed=M".
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128_32, shake256_64, shake256 } from '@noble/hashes/sha3.js';
import { run, close, seedBytes, hex, arg, Tally, cases } from './qvpqc.mjs';

const SETS = [['44', ml_dsa44], ['65', ml_dsa65], ['87', ml_dsa87]];
// qv-pqc pre-hash names -> noble hash objects (FIPS 204 §5.4.1).
const PH = [
  ['SHA2-224', sha224], ['SHA2-256', sha256], ['SHA2-384', sha384], ['SHA2-512', sha512],
  ['SHA2-512/224', sha512_224], ['SHA2-512/256', sha512_256],
  ['SHA3-224', sha3_224], ['SHA3-256', sha3_256], ['SHA3-384', sha3_384], ['SHA3-512', sha3_512],
  ['SHAKE-128', shake128_32], ['SHAKE-256', shake256_64],
];
const N = cases(1200);   // seeds per parameter set
const t = new Tally('mldsa');

// mu = H(tr || 0 || |ctx| || ctx || M, 64) with tr = H(pk, 64) (FIPS 204 Alg. 2/7),
// computed independently here for the external-mu cases.
function pureMu(pk, ctx, msg) {
  const tr = shake256(pk, { dkLen: 64 });
  const mp = new Uint8Array([...tr, 0, ctx.length, ...ctx, ...msg]);
  return shake256(mp, { dkLen: 64 });
}

async function oneCase(level, dsa, i) {
  const L = `mldsa${level}`;
  const xi = seedBytes(`${L}-xi`, i, 32);
  const b = seedBytes(`${L}-sel`, i, 8);
  const msg = seedBytes(`${L}-msg`, i, b[0] + (b[1] & 3) * 256);
  const ctx = (b[2] & 1) ? seedBytes(`${L}-ctx`, i, b[3]) : new Uint8Array(0);
  const rnd = seedBytes(`${L}-rnd`, i, 32);
  const id = `${L} #${i}`;

  const { publicKey: pk, secretKey: sk } = dsa.keygen(xi);
  const kg = await run(`mldsa-keygen ${level} ${hex(xi)}`);
  if (!t.check(`${id} keygen`, kg, `${hex(pk)} ${hex(sk)}`)) return;

  let sig, opt = '', m = msg, mode = i % 4;
  let ph = null;
  if (mode === 2) {
    // HashML-DSA with a hash noble accepts at this security level.
    for (let k = 0; k < PH.length && !sig; k++) {
      const cand = PH[(i + k) % PH.length];
      try {
        sig = dsa.prehash(cand[1]).sign(msg, sk, { context: ctx, extraEntropy: false });
        ph = cand[0];
      } catch { /* hash too weak for this level: try the next one */ }
    }
    opt = ` --prehash ${ph} --ctx ${arg(ctx)}`;
  } else if (mode === 3) {
    m = pureMu(pk, ctx, msg);
    sig = dsa.internal.sign(m, sk, { externalMu: true, extraEntropy: rnd });
    opt = ` --mu --rnd ${hex(rnd)}`;
  } else if (mode === 1) {
    sig = dsa.sign(msg, sk, { context: ctx, extraEntropy: rnd });
    opt = ` --ctx ${arg(ctx)} --rnd ${hex(rnd)}`;
  } else {
    sig = dsa.sign(msg, sk, { context: ctx, extraEntropy: false });
    opt = ` --ctx ${arg(ctx)}`;
  }
  const vopt = opt.replace(/ --rnd [0-9a-f]+/, '');
  const [mySig, ver] = await Promise.all([
    run(`mldsa-sign ${level} ${hex(sk)} ${arg(m)}${opt}`),
    run(`mldsa-verify ${level} ${hex(pk)} ${arg(m)} ${hex(sig)}${vopt}`),
  ]);
  t.check(`${id} sign mode ${mode}${ph ? ' ' + ph : ''}`, mySig, hex(sig));
  t.check(`${id} verify noble sig`, ver, 'valid');

  // Negative cases.
  const bad = sig.slice();
  const bit = (b[4] | (b[5] << 8) | (b[6] << 16)) % (bad.length * 8);
  bad[bit >> 3] ^= 1 << (bit & 7);
  const m2 = m.slice();
  if (m2.length) m2[0] ^= 0x80;
  const ctx2 = ctx.length ? ctx.subarray(1) : new Uint8Array([7]);
  const jobs = [run(`mldsa-verify ${level} ${hex(pk)} ${arg(m)} ${hex(bad)}${vopt}`)];
  if (m2.length && mode !== 3) jobs.push(run(`mldsa-verify ${level} ${hex(pk)} ${arg(m2)} ${hex(sig)}${vopt}`));
  if (mode !== 3) jobs.push(run(`mldsa-verify ${level} ${hex(pk)} ${arg(m)} ${hex(sig)}${vopt.replace(/--ctx \S+/, `--ctx ${arg(ctx2)}`)}`));
  const res = await Promise.all(jobs);
  res.forEach((r, k) => t.check(`${id} reject tampered #${k}`, r, 'error PQC_ERR_VERIFY'));
  if (mode === 0)
    t.check(`${id} noble rejects flipped bit`, String(dsa.verify(bad, msg, pk, { context: ctx })), 'false');
}

const start = Date.now();
for (const [level, dsa] of SETS) {
  // A few cases in flight at a time keeps the qv-pqc pipe busy.
  for (let i = 0; i < N; i += 8) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 8); j++) batch.push(oneCase(level, dsa, j));
    await Promise.all(batch);
  }
}
// Malformed inputs are errors, not crashes.
t.check('short sig', await run(`mldsa-verify 44 ${'00'.repeat(1312)} 00 ${'00'.repeat(10)}`), 'error PQC_ERR_BAD_LENGTH');
t.check('ctx 256', await run(`mldsa-sign 44 ${'00'.repeat(2560)} 00 --ctx ${'00'.repeat(256)}`), 'error PQC_ERR_BAD_LENGTH');
t.check('bad level', (await run(`mldsa-keygen 66 ${'00'.repeat(32)}`)).startsWith('error'), true);
console.log(`mldsa: ${N} seeds per parameter set in ${((Date.now() - start) / 1000).toFixed(1)}s`);
t.report();
await close();
