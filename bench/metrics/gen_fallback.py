#!/usr/bin/env python3
"""Fallback participant-file generator (DuckDB SQL, seeded) used only when the
`pathways data generate` synthesizer is not in this build. Writes the contract's
tables as Parquet. Usage: gen_fallback.py OUT_DIR STUDENTS COURSES WAGES SEED"""
import os, sys

import duckdb

out, n, courses, wages, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
os.makedirs(out, exist_ok=True)
con = duckdb.connect()
con.execute(f"SELECT setseed({seed / 1e6 % 1})")


def copy(name, sql):
    con.execute(f"COPY ({sql}) TO '{out}/{name}.parquet' (FORMAT parquet)")


races = "['american_indian_alaska_native','asian','black','hispanic','native_hawaiian_pacific_islander','white','two_or_more']"
copy("students", f"""
SELECT 'p' || i AS person_key, DATE '2000-01-01' + CAST(random() * 3650 AS INT) AS birth_date,
  CASE WHEN random() < 0.49 THEN 'F' WHEN random() < 0.98 THEN 'M' ELSE 'X' END AS sex,
  ({races})[1 + CAST(floor(random() * 7) AS INT)] AS race_ethnicity,
  random() < 0.45 AS economically_disadvantaged, random() < 0.12 AS english_learner,
  random() < 0.13 AS disability, random() < 0.02 AS homeless, random() < 0.01 AS foster_care,
  random() < 0.02 AS migrant, random() < 0.03 AS military_connected, random() < 0.02 AS single_parent,
  random() < 0.01 AS out_of_workforce
FROM range({n}) t(i)""")
# cohort_year 2015..2023; rows for school years 2018..2023 within grades 9..12.
copy("k12_enrollment", f"""
SELECT 'p' || i AS person_key, y AS school_year, 'D' || (i % 50) AS district_id, 'S' || (i % 500) AS school_id,
  CAST(9 + y - c AS INT) AS grade, c AS cohort_year
FROM (SELECT i, 2015 + CAST(i % 9 AS INT) AS c FROM range({n}) t(i)) s,
     range(2018, 2024) r(y)
WHERE y BETWEEN c AND c + 3""")
copy("programs_of_study", """
SELECT 'P' || i AS program_of_study_id, 'Program ' || i AS name, 'W' || (i % 10) AS pathway_id,
  'Pathway ' || (i % 10) AS pathway_name,
  (['62;6216','31;32;33','23','54;5415','48;49','52','61','72','44;45','22'])[1 + i % 10] AS target_naics
FROM range(40) t(i)""")
copy("districts", "SELECT 'D' || i AS district_id, 'District ' || i AS name, 'R' || (i % 5) AS region_id FROM range(50) t(i)")
copy("cte_courses", f"""
SELECT 'p' || p AS person_key, 2018 + CAST(j % 6 AS INT) AS school_year, 'C' || (j % 7) AS course_id,
  'P' || CASE WHEN random() < 0.8 THEN p % 40 ELSE CAST(floor(random() * 40) AS BIGINT) END AS program_of_study_id,
  '51.3902' AS cip_code, 1.0 AS credits, random() < 0.9 AS completed, random() < 0.15 AS dual_credit,
  CASE WHEN p % 40 < 8 THEN 'M' WHEN p % 40 < 16 THEN 'F' ELSE NULL END AS nontraditional_for
FROM (SELECT j, CAST(floor(random() * {int(n * 0.7)}) AS BIGINT) AS p FROM range({courses}) t(j))""")
copy("graduation", f"""
SELECT 'p' || i AS person_key, c AS cohort_year, make_date(c + 4, 6, 1) AS graduation_date,
  CASE WHEN random() < 0.97 THEN 'standard' ELSE 'alternate' END AS diploma_type
FROM (SELECT i, 2015 + CAST(i % 9 AS INT) AS c FROM range({n}) t(i)) WHERE c <= 2019 AND random() < 0.85""")
copy("credentials_earned", f"""
SELECT 'p' || i AS person_key, DATE '2019-01-01' + CAST(random() * 2000 AS INT) AS date, 'CR' || (i % 30) AS credential_id,
  'industry_certification' AS credential_type, random() < 0.8 AS recognized_postsecondary
FROM range({n}) t(i) WHERE random() < 0.12""")
copy("wbl", f"""
SELECT 'p' || i AS person_key, 2018 + CAST(i % 6 AS INT) AS school_year,
  (['career_awareness','career_exploration','career_preparation','career_training'])[1 + CAST(i % 4 AS INT)] AS stage,
  'internship' AS activity_type, 40.0 AS hours
FROM range({n}) t(i) WHERE random() < 0.25""")
copy("postsecondary_enrollment", f"""
SELECT 'p' || i AS person_key, 2019 + CAST(k AS INT) + CAST(i % 4 AS INT) AS year,
  (['fall','spring'])[1 + CAST(k AS INT)] AS term, 'I' || (i % 30) AS institution_id, 'associate' AS level,
  '51.3801' AS cip_code, random() < 0.6 AS cte, CAST(floor(random() * 15) AS DOUBLE) AS credits_earned,
  CASE WHEN i % 5 = 0 THEN 'M' ELSE NULL END AS nontraditional_for
FROM range({n}) t(i), range(2) r(k) WHERE hash(i) % 10 < 4""")
copy("postsecondary_awards", f"""
SELECT 'p' || i AS person_key, make_date(2021 + CAST(i % 4 AS INT), 5, 15) AS date, 'I' || (i % 30) AS institution_id,
  'certificate' AS award_level, '51.3801' AS cip_code
FROM range({n}) t(i) WHERE hash(i) % 10 < 1""")
copy("workforce_participation", f"""
SELECT 'p' || i AS person_key, (['wioa_adult','wioa_dislocated_worker','wioa_youth','wagner_peyser'])[1 + CAST(i % 4 AS INT)] AS program,
  entry_date, entry_date + CAST(30 + random() * 700 AS INT) AS exit_date
FROM (SELECT i, DATE '2019-01-01' + CAST(random() * 1500 AS INT) AS entry_date FROM range({n}) t(i))
WHERE random() < 0.05""")
copy("wages", f"""
SELECT 'p' || CAST(floor(random() * {n}) AS BIGINT) AS person_key, 2018 + CAST(j % 7 AS INT) AS year,
  1 + CAST((j // 7) % 4 AS INT) AS quarter, 'E' || (j % 20000) AS employer_id,
  (['622110','331110','236220','541511','484110','522110','611110','722511','445110','221122'])[1 + CAST(j % 10 AS INT)] AS naics_code,
  round(random() * 15000, 2) AS wages
FROM range({wages}) t(j)""")
print("generated", out)
