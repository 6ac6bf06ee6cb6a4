#!/usr/bin/env python3
"""Convert NIST ACVP ML-KEM JSON (usnistgov/ACVP-Server, gen-val/json-files/
ML-KEM-{keyGen,encapDecap}-FIPS203/{prompt,expectedResults}.json, taken from
the SAME commit) into the "name = hex" records of keygen.txt / encapdecap.txt.

Offline helper only: the unit test (tests/unit/test_mlkem.c) reads the .txt
files and does not need Python.

  acvp_extract.py keygen     PROMPT EXPECTED TCID...   >> keygen.txt
  acvp_extract.py encapdecap PROMPT EXPECTED TCID...   >> encapdecap.txt

dk is written as its parts dk_pke, ek, h, z (FIPS 203 Alg. 16:
dk = dk_pke || ek || H(ek) || z); the script checks h == SHA3-256(ek) and,
for keyGen, that the ek inside dk equals the ek answer. Decapsulation records
get "reject = 1" when the expected key is the implicit-rejection key
J(z || c) = SHAKE256(z || c, 32) (ACVP's modified-ciphertext cases)."""
import hashlib
import json
import sys

K = {"ML-KEM-512": 2, "ML-KEM-768": 3, "ML-KEM-1024": 4}


def index(doc):
    out = {}
    for g in doc["testGroups"]:
        for t in g["tests"]:
            out[t["tcId"]] = (g, t)
    return out


def split_dk(k, dk):
    dk = bytes.fromhex(dk)
    n = 384 * k
    ek_len = 384 * k + 32
    assert len(dk) == 768 * k + 96, "dk length"
    pke, ek, h, z = dk[:n], dk[n:n + ek_len], dk[n + ek_len:n + ek_len + 32], dk[-32:]
    assert hashlib.sha3_256(ek).digest() == h, "H(ek) inside dk"
    return pke, ek, h, z


def hx(b):
    return b.hex().upper() if isinstance(b, bytes) else b.upper()


def main():
    mode, prompt, expected = sys.argv[1:4]
    p = index(json.load(open(prompt)))
    e = index(json.load(open(expected)))
    for tc in map(int, sys.argv[4:]):
        g, t = p[tc]
        r = e[tc][1]
        k = K[g["parameterSet"]]
        print(f"# tgId {g['tgId']} tcId {tc} ({g['parameterSet']}"
              f"{', ' + g['function'] if 'function' in g else ''})")
        print(f"set = {256 * k}")
        if mode == "keygen":
            pke, ek, h, z = split_dk(k, r["dk"])
            assert ek == bytes.fromhex(r["ek"]) and z == bytes.fromhex(t["z"])
            print(f"d = {hx(t['d'])}\nz = {hx(t['z'])}\nek = {hx(ek)}\n"
                  f"dk_pke = {hx(pke)}\nh = {hx(h)}")
        elif g["function"] == "encapsulation":
            print(f"ek = {hx(t['ek'])}\nm = {hx(t['m'])}\nc = {hx(r['c'])}\nk = {hx(r['k'])}")
        else:
            pke, ek, h, z = split_dk(k, g["dk"])
            c = bytes.fromhex(t["c"])
            rej = hashlib.shake_256(z + c).digest(32) == bytes.fromhex(r["k"])
            print(f"ek = {hx(ek)}\nc = {hx(c)}\nk = {hx(r['k'])}\n"
                  f"dk_pke = {hx(pke)}\nh = {hx(h)}\nz = {hx(z)}\nreject = {int(rej)}")
        print()


if __name__ == "__main__":
    main()
