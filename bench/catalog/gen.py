#!/usr/bin/env python3
"""Seeded generator of a large catalog: organizations, programs, courses (CSV for `pathways import`)."""
import csv, random, sys, os

def main(out, orgs=5000, programs=10000, courses=50000, seed=42):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(f"{out}/regions.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["name", "area_codes"]); w.writerow(["Bench Region", "0012420"])
    sectors = ["secondary"] * 30 + ["postsecondary"] * 10 + ["employer"] * 50 + ["community_based"] * 5 + ["industry_association"] * 5
    providers = []
    with open(f"{out}/organizations.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["name", "sector", "kind", "region", "parent", "city", "naics", "website"])
        for i in range(orgs):
            s = rnd.choice(sectors)
            kind = {"secondary": "school", "postsecondary": "community_college"}.get(s, "other")
            name = f"Org {i:05d} {rnd.choice(['North','South','East','West','Central'])} {s.replace('_',' ').title()}"
            w.writerow([name, s, kind, "Bench Region", "", rnd.choice(["Austin", "Round Rock", "San Marcos", "Cedar Park"]), "", ""])
            if s in ("secondary", "postsecondary"):
                providers.append(name)
    cips = ["51.3801", "51.3901", "51.0801", "48.0508", "15.0403", "11.1003", "11.0701", "46.0302", "47.0201", "52.0201"]
    kinds = ["program_of_study", "certificate_level_1", "certificate_level_2", "associate", "bachelor", "apprenticeship"]
    with open(f"{out}/programs.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["provider", "name", "kind", "cip", "seats", "annual_completers", "description"])
        for i in range(programs):
            w.writerow([rnd.choice(providers), f"Program {i:05d}", rnd.choice(kinds), rnd.choice(cips), rnd.randint(10, 200), rnd.randint(5, 150), ""])
    levels = ["high_school", "college", "middle_school"]
    with open(f"{out}/courses.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(["provider", "code", "title", "credit_hours", "level", "dual_credit", "advanced_academic", "subject", "prerequisites"])
        for i in range(courses):
            lvl = rnd.choice(levels)
            w.writerow([rnd.choice(providers), f"C{i:06d}", f"Course {i} {rnd.choice(['Welding','Nursing','Networking','Algebra','Biology'])}", rnd.choice([0.5, 1, 2, 3, 4]), lvl,
                        "true" if lvl == "high_school" and rnd.random() < .2 else "false", "false", rnd.choice(["cte", "math", "science", "ela"]), ""])

if __name__ == "__main__":
    main(sys.argv[1])
