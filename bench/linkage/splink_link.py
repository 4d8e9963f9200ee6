#!/usr/bin/env python3
"""Peer run: Splink (DuckDB backend) on the same generated files.

A sensible Splink model as its documentation recommends for person data:
light cleaning (lower case, punctuation dropped from names, ISO dates, 5-digit
ZIPs, sex codes other than M/F as missing), name comparisons with term-frequency
adjustments, a DOB comparison, exact sex/city/zip, Jaro-Winkler street;
prior from deterministic rules, u by random sampling, m by EM in two
sessions; predictions from four blocking rules.

The same model for every pair of sources; only the DOB format of each
input file differs (K-12 %Y-%m-%d, college %Y%m%d, wage %m/%d/%Y).

Usage: splink_link.py LEFT.csv LEFT_DOB_FORMAT RIGHT.csv RIGHT_DOB_FORMAT OUT.csv
"""
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def load(path, dob_format):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in ["first_name", "middle_name", "last_name", "street_address", "city"]:
        df[c] = df[c].str.lower().str.strip()
    for c in ["first_name", "middle_name", "last_name"]:
        df[c] = df[c].str.replace(r"[^\w\s-]", "", regex=True).str.strip()
    for c in ["first_name", "middle_name", "last_name", "street_address", "city"]:
        df[c] = df[c].replace("", None)
    sex = df["sex"].str.upper()
    df["sex"] = sex.where(sex.isin(["M", "F"]), None)
    df["zip"] = df["zip"].str[:5].replace("", None)
    df["dob"] = pd.to_datetime(df["dob"], format=dob_format, errors="coerce").dt.strftime("%Y-%m-%d")
    return df


def main(left_csv, left_fmt, right_csv, right_fmt, out):
    t0 = time.time()
    left = load(left_csv, left_fmt)
    right = load(right_csv, right_fmt)
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("street_address", [0.9, 0.8]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("zip"),
            cl.JaroWinklerAtThresholds("middle_name", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("dob", "substr(first_name, 1, 1)"),
            block_on("dob", "last_name"),
            block_on("last_name", "zip"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(left), db_api.register(right)], settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "last_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    pred[["rec_id_l", "rec_id_r", "match_probability"]].rename(
        columns={"rec_id_l": "unique_id_l", "rec_id_r": "unique_id_r"}
    ).to_csv(out, index=False)
    print(f"splink_elapsed_s={time.time() - t0:.3f} pairs={len(pred)}", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:6])
