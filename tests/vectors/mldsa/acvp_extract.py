#!/usr/bin/env python3
"""Convert NIST ACVP ML-DSA JSON (usnistgov/ACVP-Server, gen-val/json-files/
ML-DSA-{sigGen,sigVer}-FIPS204/internalProjection.json, which carries the
inputs and the answers of each test case) into acvp.txt lines.

Offline helper only: tests/unit/test_mldsa.c reads acvp.txt and does not
need Python.

  acvp_extract.py siggen INTERNALPROJECTION TCID...   >> acvp.txt
  acvp_extract.py sigver INTERNALPROJECTION TCID...   >> acvp.txt

siggen -> sign-internal <set> <sk> <M> <rnd|-> <SHA-256(signature)>
sigver -> verify-internal <set> <pk|=> <M> <signature> <1 accept|0 reject>
          ("=" repeats the pk of the previous verify-internal line)

These stored files (commit 8b2204159c1b31a3202ff415cc7a9e1058c35fc5) test
the internal interface of FIPS 204 (Sign_internal / Verify_internal,
Alg. 7/8): the "message" is M' itself, with no context prefix."""
import hashlib
import json
import sys

SIZES = {"ML-DSA-44": (1312, 2560, 2420), "ML-DSA-65": (1952, 4032, 3309),
         "ML-DSA-87": (2592, 4896, 4627)}


def cases(doc, tcids):
    found = {}
    for g in doc["testGroups"]:
        for t in g["tests"]:
            found[t["tcId"]] = (g, t)
    for tc in tcids:
        yield found[tc]


def main():
    mode, path = sys.argv[1:3]
    doc = json.load(open(path))
    assert doc["revision"] == "FIPS204" and doc["mode"] == ("sigGen" if mode == "siggen" else "sigVer")
    last_pk = None
    for g, t in cases(doc, map(int, sys.argv[3:])):
        pset = g["parameterSet"]
        pk_len, sk_len, sig_len = SIZES[pset]
        level = pset[-2:]
        msg = t["message"].upper()
        tg = f"tgId {g['tgId']} " if "tgId" in g else ""
        if mode == "siggen":
            sk = bytes.fromhex(t["sk"])
            sig = bytes.fromhex(t["signature"])
            assert len(sk) == sk_len and len(sig) == sig_len
            det = g["deterministic"]
            rnd = "-" if det else t["rnd"].upper()
            print(f"# {tg}tcId {t['tcId']} ({pset}, {'deterministic' if det else 'hedged'}, "
                  f"{len(msg) // 2}-byte message)")
            print(f"sign-internal {level} {sk.hex().upper()} {msg} {rnd} "
                  f"{hashlib.sha256(sig).hexdigest()}")
        else:
            pk = bytes.fromhex(g["pk"])
            sig = bytes.fromhex(t["signature"])
            assert len(pk) == pk_len and len(sig) == sig_len
            if "sk" in g:  # rho and tr = H(pk, 64) inside sk belong to pk
                sk = bytes.fromhex(g["sk"])
                assert sk[:32] == pk[:32]
                assert sk[64:128] == hashlib.shake_256(pk).digest(64)
            print(f"# {tg}tcId {t['tcId']} ({pset}): {t['reason']}")
            pk_field = "=" if pk == last_pk else pk.hex().upper()
            last_pk = pk
            print(f"verify-internal {level} {pk_field} {msg} {sig.hex().upper()} "
                  f"{int(t['testPassed'])}")


if __name__ == "__main__":
    main()
