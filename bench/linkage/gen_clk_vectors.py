#!/usr/bin/env python3
"""Generate clkhash test vectors for pathways-linkage's bit-compatibility test.

Each vector: a clkhash linkage schema (v3), a secret, input rows, and the
base64 CLKs clkhash produces. Together they cover every schema feature:
BLAKE2 and double hashing (with and without prevent_singularity), n-grams of
n = 1, 2, 3 (plain and positional), exact and numeric comparisons (integer
and fractional), bitsPerToken and bitsPerFeature strategies, ignored features,
missing-value sentinels, string/integer/date/enum formats, utf-8/utf-16/
utf-32/ascii encodings, HKDF with SHA256/SHA512, salt, info and key size,
XOR folding, and lengths that are not a multiple of 8.

Usage: python gen_clk_vectors.py OUT_DIR   (needs `pip install clkhash`)
"""
import base64
import importlib.metadata
import json
import sys

from clkhash import clk
from clkhash.schema import from_json_dict
from clkhash.serialization import serialize_bitarray

ROWS = [
    ["0", "Robert", "Smith", "1985-03-07", "M", "97201", "42.5", "ok"],
    ["1", "José", "Núñez-García", "2001-12-31", "F", "10001", "0.1", "ok"],
    ["2", "Li", "O'Neil", "1999-01-01", "F", "", "-3", "bad"],
    ["3", "", "X", "2010-06-15", "M", "02139", "100000", "ok"],
    ["4", "Zoë", "Ægir Straße", "1970-02-28", "F", "99999", "7.25", "bad"],
]
HEADER = ["rec_id", "given", "surname", "dob", "sex", "zip", "score", "flag"]


def b64(s):
    return base64.b64encode(s.encode()).decode()


def feature(ident, fmt, comparison, strategy, hash_=None, missing=None):
    h = {"comparison": comparison, "strategy": strategy}
    if hash_ is not None:
        h["hash"] = hash_
    if missing is not None:
        h["missingValue"] = missing
    return {"identifier": ident, "format": fmt, "hashing": h}


def schema(l, features, folds=0, kdf=None):
    cfg = {"l": l, "kdf": kdf or {"type": "HKDF"}}
    if folds:
        cfg["xor_folds"] = folds
    return {"version": 3, "clkConfig": cfg, "features": features}


STR = {"type": "string", "encoding": "utf-8"}
IGN = {"identifier": "rec_id", "ignored": True}
BLAKE = {"type": "blakeHash"}
DOUBLE = {"type": "doubleHash"}
DOUBLE_NS = {"type": "doubleHash", "prevent_singularity": True}


def variants():
    yield "blake_bigrams_per_token", schema(1024, [
        IGN,
        feature("given", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 15}, BLAKE),
        feature("surname", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 20}),
        {"identifier": "dob", "ignored": True}, {"identifier": "sex", "ignored": True},
        {"identifier": "zip", "ignored": True}, {"identifier": "score", "ignored": True},
        {"identifier": "flag", "ignored": True},
    ], kdf={"type": "HKDF", "hash": "SHA256", "salt": b64("SCHEMA-SALT"), "info": b64("schema_example"), "keySize": 64})
    yield "double_hash_all_formats", schema(1000, [
        IGN,
        feature("given", {"type": "string", "encoding": "utf-8", "minLength": 0, "maxLength": 30},
                {"type": "ngram", "n": 2, "positional": True}, {"bitsPerFeature": 100}, DOUBLE,
                {"sentinel": "", "replaceWith": "UNKNOWN"}),
        feature("surname", STR, {"type": "ngram", "n": 3}, {"bitsPerToken": 7}, DOUBLE),
        feature("dob", {"type": "date", "format": "%Y-%m-%d"}, {"type": "ngram", "n": 1, "positional": True},
                {"bitsPerToken": 9}, DOUBLE_NS),
        feature("sex", {"type": "enum", "values": ["M", "F"]}, {"type": "exact"}, {"bitsPerToken": 30}, DOUBLE_NS),
        feature("zip", {"type": "integer", "minimum": 0}, {"type": "exact"}, {"bitsPerToken": 12}, DOUBLE,
                {"sentinel": ""}),
        feature("score", {"type": "string", "encoding": "utf-8"},
                {"type": "numeric", "thresholdDistance": 2.5, "resolution": 3, "fractional_precision": 2},
                {"bitsPerToken": 5}, DOUBLE),
        {"identifier": "flag", "ignored": True},
    ], kdf={"type": "HKDF", "hash": "SHA512", "keySize": 32})
    yield "blake_folded_numeric_encodings", schema(512, [
        IGN,
        feature("given", {"type": "string", "encoding": "utf-16"}, {"type": "ngram", "n": 2},
                {"bitsPerFeature": 200}, BLAKE),
        feature("surname", {"type": "string", "encoding": "utf-32"}, {"type": "ngram", "n": 1},
                {"bitsPerToken": 40}, BLAKE),
        feature("dob", {"type": "date", "format": "%Y-%m-%d"}, {"type": "exact"}, {"bitsPerToken": 70}, BLAKE),
        feature("sex", {"type": "string", "encoding": "ascii", "case": "upper"}, {"type": "exact"},
                {"bitsPerToken": 3}, BLAKE),
        feature("zip", STR, {"type": "numeric", "thresholdDistance": 100, "resolution": 2}, {"bitsPerToken": 10},
                BLAKE, {"sentinel": "", "replaceWith": "0"}),
        feature("score", STR, {"type": "ngram", "n": 2, "positional": True}, {"bitsPerToken": 33}, BLAKE),
        feature("flag", {"type": "enum", "values": ["ok", "bad"]}, {"type": "ngram", "n": 2}, {"bitsPerToken": 4}, BLAKE),
    ], folds=1, kdf={"type": "HKDF", "info": b64("pathways"), "keySize": 64})
    yield "double_hash_odd_length_two_folds", schema(1020, [
        IGN,
        feature("given", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 20}, DOUBLE_NS),
        feature("surname", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 20}, DOUBLE),
        feature("dob", {"type": "date", "format": "%Y-%m-%d"}, {"type": "ngram", "n": 2}, {"bitsPerFeature": 50}, DOUBLE),
        {"identifier": "sex", "ignored": True},
        feature("zip", STR, {"type": "ngram", "n": 2, "positional": True}, {"bitsPerToken": 8}, DOUBLE,
                {"sentinel": "", "replaceWith": "00000"}),
        {"identifier": "score", "ignored": True}, {"identifier": "flag", "ignored": True},
    ], folds=2, kdf={"type": "HKDF", "salt": b64("s"), "keySize": 64})
    # Small l so that prevent_singularity's re-hash loop actually triggers.
    yield "double_hash_tiny_l_singularity", schema(8, [
        IGN,
        feature("given", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 3}, DOUBLE_NS),
        feature("surname", STR, {"type": "ngram", "n": 2}, {"bitsPerToken": 3}, DOUBLE),
        {"identifier": "dob", "ignored": True}, {"identifier": "sex", "ignored": True},
        {"identifier": "zip", "ignored": True}, {"identifier": "score", "ignored": True},
        {"identifier": "flag", "ignored": True},
    ])


def main(out_dir):
    secrets = ["correct horse battery staple", "s3cr3t-κλειδί"]
    for k, (name, sch_dict) in enumerate(variants()):
        sch = from_json_dict(json.loads(json.dumps(sch_dict)))
        secret = secrets[k % len(secrets)]
        rows = [list(r) for r in ROWS]
        clks = clk.generate_clks(rows, sch, secret, validate=True, max_workers=1)
        vec = {
            "name": name,
            "generator": "clkhash " + importlib.metadata.version("clkhash"),
            "schema": sch_dict,
            "secret": secret,
            "header": HEADER,
            "rows": rows,
            "clks": [serialize_bitarray(c) for c in clks],
        }
        with open(f"{out_dir}/{name}.json", "w", encoding="utf-8") as f:
            json.dump(vec, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(name, len(clks))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
