// Cross-check of qv-pqc's ML-KEM (FIPS 203) against @noble/post-quantum on
// deterministic random seeds: key generation from d||z, encapsulation from m,
// decapsulation of the honest ciphertext and of a modified one (implicit
// rejection, FIPS 203 Alg. 18 lines 9-11), plus the §7.2 / §7.3 input checks,
// which must make qv-pqc answer with an error instead of a result.
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { run, close, seedBytes, hex, cases, Tally } from './qvpqc.mjs';

const sets = { 512: ml_kem512, 768: ml_kem768, 1024: ml_kem1024 };
const t = new Tally('mlkem');
const n = cases(2500);

async function one(level, kem, i) {
  const tag = `${level} #${i}`;
  const seed = seedBytes(`mlkem-seed-${level}`, i, 64);
  const m = seedBytes(`mlkem-m-${level}`, i, 32);
  // noble may wipe buffers it is handed: give it copies.
  const { publicKey: ek, secretKey: dk } = kem.keygen(Uint8Array.from(seed));
  const { cipherText: ct, sharedSecret: ss } = kem.encapsulate(Uint8Array.from(ek), Uint8Array.from(m));
  const r = seedBytes(`mlkem-tamper-${level}`, i, 4);
  const bad = Uint8Array.from(ct);
  bad[((r[0] << 8) | r[1]) % bad.length] ^= 1 << (r[2] % 8);
  const rejected = kem.decapsulate(Uint8Array.from(bad), Uint8Array.from(dk));
  const [kg, en, de, dbad] = await Promise.all([
    run(`mlkem-keygen ${level} ${hex(seed)}`),
    run(`mlkem-encaps ${level} ${hex(ek)} ${hex(m)}`),
    run(`mlkem-decaps ${level} ${hex(dk)} ${hex(ct)}`),
    run(`mlkem-decaps ${level} ${hex(dk)} ${hex(bad)}`),
  ]);
  t.check(`keygen ${tag}`, kg, `${hex(ek)} ${hex(dk)}`);
  t.check(`encaps ${tag}`, en, `${hex(ct)} ${hex(ss)}`);
  t.check(`decaps ${tag}`, de, hex(ss));
  t.check(`decaps modified ct ${tag}`, dbad, hex(rejected));

  if (i % 25 === 0) {
    // §7.2 modulus check: one 12-bit coefficient of t_hat set to q..4095.
    const badEk = Uint8Array.from(ek);
    const pos = 3 * (((r[0] << 8) | r[1]) % (128 * (ek.length - 32) / 384));
    const v = 3329 + (r[3] % (4096 - 3329));
    badEk[pos] = v & 0xff;
    badEk[pos + 1] = (badEk[pos + 1] & 0xf0) | (v >> 8);
    let nobleRejects = false;
    try { kem.encapsulate(Uint8Array.from(badEk), Uint8Array.from(m)); } catch { nobleRejects = true; }
    t.ok(`noble rejects bad ek ${tag}`, nobleRejects);
    t.check(`encaps bad ek ${tag}`, await run(`mlkem-encaps ${level} ${hex(badEk)} ${hex(m)}`),
      'error PQC_ERR_BAD_KEY');
    // Lengths (§7.2 / §7.3 type checks).
    t.check(`encaps short ek ${tag}`, await run(`mlkem-encaps ${level} ${hex(ek.subarray(1))} ${hex(m)}`),
      'error PQC_ERR_BAD_LENGTH');
    t.check(`decaps long ct ${tag}`, await run(`mlkem-decaps ${level} ${hex(dk)} ${hex(ct)}00`),
      'error PQC_ERR_BAD_LENGTH');
    // §7.3 hash check: H(ek) stored in dk no longer matches.
    const badDk = Uint8Array.from(dk);
    badDk[dk.length - 64 + (r[0] % 32)] ^= 0x80;
    t.check(`decaps bad dk hash ${tag}`, await run(`mlkem-decaps ${level} ${hex(badDk)} ${hex(ct)}`),
      'error PQC_ERR_BAD_KEY');
  }
}

for (const [level, kem] of Object.entries(sets)) {
  // Bounded concurrency: enough requests in flight to keep qv-pqc busy.
  for (let i = 0; i < n; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 50); j++) batch.push(one(level, kem, j));
    await Promise.all(batch);
  }
}
t.report();
await close();
