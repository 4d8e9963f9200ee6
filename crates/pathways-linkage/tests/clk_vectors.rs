//! Bit-for-bit compatibility with clkhash: the vectors under
//! `tests/fixtures/clk/` were produced by clkhash 0.18.3 with
//! `bench/linkage/gen_clk_vectors.py`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use pathways_linkage::clk::{Schema, derive_keys, encode_record, to_base64};

#[derive(serde::Deserialize)]
struct Vector {
    name: String,
    schema: serde_json::Value,
    secret: String,
    rows: Vec<Vec<String>>,
    clks: Vec<String>,
}

#[test]
fn clks_equal_clkhash_bit_for_bit() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clk");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let v: Vector = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let schema = Schema::from_value(&v.schema).unwrap();
        let keys = derive_keys(&schema, v.secret.as_bytes()).unwrap();
        for (row, want) in v.rows.iter().zip(&v.clks) {
            let values: Vec<&str> = row.iter().map(String::as_str).collect();
            let got = to_base64(&encode_record(&schema, &keys, &values).unwrap());
            assert_eq!(&got, want, "vector {} row {:?}", v.name, row);
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} CLKs checked");
}
