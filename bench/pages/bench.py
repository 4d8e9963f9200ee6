#!/usr/bin/env python3
"""Server time of every HTML page, per demo role.

Reads the page routes (path<TAB>roles, from `pathways pages`),
signs in as each demo role, resolves `{param}` routes from the links on the
pages already fetched, requests each page N times and prints p50/max of the
`Server-Timing: app;dur=` header against the target.

Usage: bench.py BASE_URL ROUTES_FILE PASSWORD [N]
"""
import http.client
import re
import statistics
import sys
import urllib.parse

TARGET_MS = 50.0
ROLES = [
    ("public", None),
    ("convener_admin", "convener@demo.pathways.test"),
    ("partner_staff", "college@demo.pathways.test"),
    ("counselor", "counselor@demo.pathways.test"),
    ("employer", "employer@demo.pathways.test"),
    ("student", "student@demo.pathways.test"),
    ("family", "family@demo.pathways.test"),
]
HREF = re.compile(r'href="(/[^"#]*)"')


class Session:
    def __init__(self, base):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.cookies = {}

    def request(self, method, path, body=None):
        c = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if value:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
        timing = r.getheader("Server-Timing") or ""
        m = re.search(r"app;dur=([0-9.]+)", timing)
        c.close()
        return r.status, data.decode("utf-8", "replace"), float(m.group(1)) if m else None

    def sign_in(self, email, password):
        status, _, _ = self.request(
            "POST",
            "/login",
            urllib.parse.urlencode({"email": email, "password": password, "next": "/"}),
        )
        if status not in (302, 303):
            sys.exit(f"signing in as {email} failed: HTTP {status}")


def template_regex(path):
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/?]+", re.escape(path)) + r"(\?.*)?$")


def main():
    base, routes_file, password = sys.argv[1:4]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    routes = []
    for line in open(routes_file):
        path, roles = line.rstrip("\n").split("\t")
        routes.append((path, set(roles.split(","))))
    rows = []
    for role, email in ROLES:
        s = Session(base)
        if email:
            s.sign_in(email, password)
        mine = [p for p, roles in routes if role in roles]
        links = set()
        concrete = {}
        # Plain pages first; their links give the ids of the templated ones.
        for p in sorted(mine, key=lambda p: "{" in p):
            if "{" in p:
                rx = template_regex(p)
                found = sorted(l for l in links if rx.match(l))
                # Prefer a link without a query string (the page itself).
                found.sort(key=lambda l: ("?" in l, len(l)))
                if not found:
                    rows.append((role, p, "-", None, None, "no link to it on this role's pages"))
                    continue
                url = found[0]
            else:
                url = p
            status, body, _ = s.request("GET", url)
            if status >= 400 and "{" not in p:
                # A page that needs a query (e.g. ?student_ref=): use a link that has one.
                q = sorted(l for l in links if l.startswith(p + "?"))
                if q:
                    url = q[0]
                    status, body, _ = s.request("GET", url)
            links.update(html_unescape(h) for h in HREF.findall(body))
            concrete[p] = url
            times = []
            for _ in range(n):
                status, _, ms = s.request("GET", url)
                if ms is not None:
                    times.append(ms)
            p50 = statistics.median(times) if times else None
            mx = max(times) if times else None
            rows.append((role, url, status, p50, mx, ""))
    print(f"{'role':<15} {'page':<58} {'HTTP':>4} {'p50 ms':>8} {'max ms':>8}  target {TARGET_MS:.0f} ms")
    over = 0
    for role, url, status, p50, mx, note in rows:
        if p50 is None:
            print(f"{role:<15} {url[:58]:<58} {status!s:>4} {'':>8} {'':>8}  {note}")
            continue
        ok = "ok" if p50 < TARGET_MS else "OVER"
        over += p50 >= TARGET_MS
        print(f"{role:<15} {url[:58]:<58} {status:>4} {p50:8.1f} {mx:8.1f}  {ok}")
    timed = [r for r in rows if r[3] is not None]
    print(f"\n{len(timed)} page requests timed ({n} each), {over} with p50 over {TARGET_MS:.0f} ms")


def html_unescape(s):
    return s.replace("&amp;", "&")


if __name__ == "__main__":
    main()
