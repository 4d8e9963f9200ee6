#!/usr/bin/env python3
"""Precision, recall and F1 of predicted links against generator truth.

Usage: evaluate.py LEFT_TRUTH.csv RIGHT_TRUTH.csv PREDICTIONS.csv [THRESHOLD]
Truth files map rec_id to person_id (generate_people writes one per source).
Predictions: CSV with left_id,right_id,match_probability (our format), or
Splink's columns unique_id_l,unique_id_r,match_probability.
A true pair is (left rec, right rec) of the same person_id, so within-source
duplicates make several true pairs for one person.
Prints one JSON line.
"""
import csv
import json
import sys
from collections import defaultdict


def truth(path):
    with open(path, newline="") as f:
        return {r["rec_id"]: r["person_id"] for r in csv.DictReader(f)}


def main():
    left_truth, right_truth, pred = sys.argv[1], sys.argv[2], sys.argv[3]
    thr = float(sys.argv[4]) if len(sys.argv) > 4 else 0.5
    lt, rt = truth(left_truth), truth(right_truth)
    by_person = defaultdict(lambda: [0, 0])
    for p in lt.values():
        by_person[p][0] += 1
    for p in rt.values():
        by_person[p][1] += 1
    n_true = sum(a * b for a, b in by_person.values())
    tp = fp = 0
    seen = set()
    with open(pred, newline="") as f:
        r = csv.DictReader(f)
        lcol = "left_id" if "left_id" in r.fieldnames else "unique_id_l"
        rcol = "right_id" if "right_id" in r.fieldnames else "unique_id_r"
        for row in r:
            if float(row["match_probability"]) < thr:
                continue
            key = (row[lcol], row[rcol])
            if key[0] not in lt and key[1] in lt:
                key = (key[1], key[0])
            if key in seen:
                continue
            seen.add(key)
            if lt.get(key[0]) is not None and lt.get(key[0]) == rt.get(key[1]):
                tp += 1
            else:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(json.dumps({"true_pairs": n_true, "predicted": tp + fp, "tp": tp, "fp": fp,
                      "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}))


if __name__ == "__main__":
    main()
