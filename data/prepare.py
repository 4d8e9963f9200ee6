#!/usr/bin/env python3
"""Builds data/*.csv.gz from ../shared/data (the cleaned public files): keeps the
columns the product uses, drops nothing else silently (see README.md)."""
import csv, gzip, os, sys, shutil

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
OUT = os.path.dirname(os.path.abspath(__file__))

def copy(src, dst, cols, keep=lambda r: True):
    with open(os.path.join(SRC, src), newline="", encoding="utf-8") as f, \
         gzip.open(os.path.join(OUT, dst), "wt", newline="", encoding="utf-8", compresslevel=9) as g:
        r = csv.DictReader(f)
        w = csv.writer(g, lineterminator="\n")
        w.writerow(cols)
        n = 0
        for row in r:
            if keep(row):
                w.writerow([row[c] for c in cols]); n += 1
    print(f"{dst}: {n} rows")

copy("oews_2025/areas.csv", "oews_areas.csv.gz", ["area_code", "area_type", "area_title"])
copy("oews_2025/wages_by_area.csv", "oews_wages.csv.gz",
     ["area_code", "soc_code", "employment", "location_quotient", "mean_annual", "p10_annual", "p25_annual",
      "median_annual", "p75_annual", "p90_annual"])
copy("soc_2018/soc_2018_structure.csv", "soc.csv.gz", ["soc_code", "soc_level", "soc_title", "major_code", "broad_code"])
copy("bls_ep_2024_34/occupation_projections.csv", "ep.csv.gz",
     ["soc_code", "occupation_title", "employment_2024_thousands", "employment_change_2024_34_pct",
      "annual_openings_2024_34_thousands", "median_annual_wage_2024", "typical_entry_education",
      "work_experience_in_related_occupation", "typical_on_the_job_training"])
copy("onet_29_3/occupations.csv", "onet_occupations.csv.gz", ["onet_soc_code", "soc_code", "title", "description", "job_zone"])
copy("onet_29_3/interests.csv", "onet_interests.csv.gz",
     ["onet_soc_code", "realistic", "investigative", "artistic", "social", "enterprising", "conventional"])
copy("onet_29_3/skills.csv", "onet_skills.csv.gz", ["onet_soc_code", "element_name", "importance"],
     lambda r: r["recommend_suppress"] != "Y")
copy("onet_29_3/knowledge.csv", "onet_knowledge.csv.gz", ["onet_soc_code", "element_name", "importance"],
     lambda r: r["recommend_suppress"] != "Y")
copy("onet_29_3/alternate_titles.csv", "onet_alternate_titles.csv.gz", ["onet_soc_code", "alternate_title"])
copy("onet_29_3/related_occupations.csv", "onet_related.csv.gz", ["onet_soc_code", "related_onet_soc_code", "rank"])
copy("cip_2020/cip_codes.csv", "cip.csv.gz", ["cip_code", "cip_title"], lambda r: r["cip_level"] == "detailed")
copy("cip_soc_crosswalk/cip2020_soc2018_crosswalk.csv", "cip_soc.csv.gz", ["cip_code", "soc_code"])
copy("naics_2022/naics_2022.csv", "naics.csv.gz", ["naics_code", "naics_level", "naics_title"])
for d in ["oews_2025", "soc_2018", "bls_ep_2024_34", "onet_29_3", "cip_2020", "cip_soc_crosswalk"]:
    shutil.copy(os.path.join(SRC, d, "SOURCE.md"), os.path.join(OUT, f"SOURCE-{d}.md"))
