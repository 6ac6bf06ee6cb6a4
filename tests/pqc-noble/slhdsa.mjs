// Cross-check of qv-pqc's SLH-DSA (FIPS 205) against @noble/post-quantum for
// the fast 'f' parameter sets, SHA2 and SHAKE: key generation from
// SK.seed||SK.prf||PK.seed, deterministic (opt_rand = PK.seed) and hedged
// (opt_rand given) signing with contexts, HashSLH-DSA, the internal
// interface, and verification of valid, tampered and wrong-message signatures
// (both sides must agree). noble takes the context as opts.context and the
// randomness as opts.extraEntropy (false = deterministic).
import * as slh from '@noble/post-quantum/slh-dsa.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { shake128_32, shake256_64 } from '@noble/hashes/sha3.js';
import { run, close, seedBytes, hex, arg, cases, Tally } from './qvpqc.mjs';

const t = new Tally('slhdsa');
const sets = ['SHA2-128f', 'SHAKE-128f', 'SHA2-192f', 'SHAKE-192f', 'SHA2-256f', 'SHAKE-256f'];
const rounds = cases(2);
const copy = (u8) => Uint8Array.from(u8);

// Pre-hash of matching strength for the HashSLH-DSA cases (FIPS 205 §10.2.2).
function prehashFor(set) {
  const strong = !set.includes('128');
  if (set.startsWith('SHAKE')) return strong ? ['SHAKE-256', shake256_64] : ['SHAKE-128', shake128_32];
  return strong ? ['SHA2-512', sha512] : ['SHA2-256', sha256];
}

async function one(set, i) {
  const name = `SLH-DSA-${set}`, tag = `${set} #${i}`;
  const alg = slh[`slh_dsa_${set.toLowerCase().replace('-', '_')}`];
  const n = alg.lengths.publicKey / 2;
  const seed = seedBytes(`slhdsa-seed-${set}`, i, 3 * n);
  const r = seedBytes(`slhdsa-len-${set}`, i, 4);
  const msg = seedBytes(`slhdsa-msg-${set}`, i, r[0] % 3 === 0 ? 0 : r[1] + 1);
  const ctx = seedBytes(`slhdsa-ctx-${set}`, i, i % 2 ? r[2] : 0);
  const rnd = i % 2 ? seedBytes(`slhdsa-rnd-${set}`, i, n) : null;

  const { publicKey: pk, secretKey: sk } = alg.keygen(copy(seed));
  const kg = await run(`slhdsa-keygen ${name} ${hex(seed)}`);
  t.check(`keygen ${tag}`, kg, `${hex(pk)} ${hex(sk)}`);

  const sig = alg.sign(copy(msg), copy(sk), { context: copy(ctx), extraEntropy: rnd ? copy(rnd) : false });
  const rndOpt = rnd ? ` --rnd ${hex(rnd)}` : '';
  const ctxOpt = ctx.length ? ` --ctx ${hex(ctx)}` : '';
  const qsig = await run(`slhdsa-sign ${name} ${hex(sk)} ${arg(msg)}${ctxOpt}${rndOpt}`);
  t.check(`sign ${tag}${rnd ? ' hedged' : ''}`, qsig, hex(sig));

  // Tampered signature (one bit anywhere) and wrong message: both reject.
  const bad = copy(sig);
  const pos = ((r[3] << 16) | (r[1] << 8) | r[2]) % bad.length;
  bad[pos] ^= 1 << (r[0] % 8);
  const other = Uint8Array.from([...msg, 0x2a]);
  const [v, vbad, vmsg, vctx] = await Promise.all([
    run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(sig)}${ctxOpt}`),
    run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(bad)}${ctxOpt}`),
    run(`slhdsa-verify ${name} ${hex(pk)} ${hex(other)} ${hex(sig)}${ctxOpt}`),
    run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(sig)} --ctx ${hex(ctx)}00`),
  ]);
  t.check(`verify ${tag}`, v, 'valid');
  t.ok(`noble verify ${tag}`, alg.verify(sig, copy(msg), pk, { context: copy(ctx) }));
  t.check(`verify tampered @${pos} ${tag}`, vbad, 'error PQC_ERR_VERIFY');
  t.ok(`noble rejects tampered ${tag}`, !alg.verify(bad, copy(msg), pk, { context: copy(ctx) }));
  t.check(`verify wrong message ${tag}`, vmsg, 'error PQC_ERR_VERIFY');
  t.ok(`noble rejects wrong message ${tag}`, !alg.verify(sig, other, pk, { context: copy(ctx) }));
  t.check(`verify wrong context ${tag}`, vctx, 'error PQC_ERR_VERIFY');
  t.check(`verify short sig ${tag}`,
    await run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(sig.subarray(1))}${ctxOpt}`),
    'error PQC_ERR_BAD_LENGTH');

  if (i === 0) {
    // HashSLH-DSA and the internal interface, once per set.
    const [phName, phFn] = prehashFor(set);
    const ph = alg.prehash(phFn);
    const psig = ph.sign(copy(msg), copy(sk), { context: copy(ctx), extraEntropy: false });
    t.check(`hash sign ${phName} ${tag}`,
      await run(`slhdsa-sign ${name} ${hex(sk)} ${arg(msg)}${ctxOpt} --prehash ${phName}`), hex(psig));
    t.check(`hash verify ${phName} ${tag}`,
      await run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(psig)}${ctxOpt} --prehash ${phName}`), 'valid');
    t.check(`pure verify of hash sig ${tag}`,
      await run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(psig)}${ctxOpt}`), 'error PQC_ERR_VERIFY');
    const isig = alg.internal.sign(copy(msg), copy(sk), { extraEntropy: false });
    t.check(`internal sign ${tag}`,
      await run(`slhdsa-sign ${name} ${hex(sk)} ${arg(msg)} --internal`), hex(isig));
    t.check(`internal verify ${tag}`,
      await run(`slhdsa-verify ${name} ${hex(pk)} ${arg(msg)} ${hex(isig)} --internal`), 'valid');
  }
}

for (const set of sets)
  for (let i = 0; i < rounds; i++) await one(set, i);
// Malformed input: context over 255 bytes, unknown set, wrong-length key.
t.check('ctx 256', await run(`slhdsa-sign SLH-DSA-SHA2-128f ${'00'.repeat(64)} 00 --ctx ${'11'.repeat(256)}`),
  'error PQC_ERR_BAD_LENGTH');
t.check('unknown set', await run(`slhdsa-keygen SLH-DSA-SHA2-128x ${'00'.repeat(48)}`), 'error PQC_ERR_UNKNOWN_ALG');
t.check('short seed', await run(`slhdsa-keygen SLH-DSA-SHA2-128f ${'00'.repeat(47)}`), 'error PQC_ERR_BAD_LENGTH');
t.report();
await close();
