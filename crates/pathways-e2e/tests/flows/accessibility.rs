//! WCAG 2.1 AA basics on every main page of every role, checked in the
//! browser on the rendered page (computed styles, not the source):
//! a language, unique ids, one `h1` and no skipped heading level, a name for every
//! form control, link, button, image and chart, and text contrast of at
//! least 4.5:1 (3:1 for large text). Issue 11.

use pathways_e2e::Browser;

/// Runs in the page; returns one line per problem found.
const AUDIT: &str = r#"
const problems = [];
const where = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  else if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
  const t = (el.innerText || el.getAttribute('aria-label') || '').trim().slice(0, 40);
  return t ? `${s} "${t}"` : s;
};
const visible = (el) => {
  const cs = getComputedStyle(el);
  return cs.display !== 'none' && cs.visibility !== 'hidden' && el.getClientRects().length > 0;
};
const ids = {};
for (const el of document.querySelectorAll('[id]')) ids[el.id] = (ids[el.id] || 0) + 1;
for (const [id, n] of Object.entries(ids)) if (n > 1) problems.push(`id "${id}" used ${n} times (labels and links find the first only)`);
if (!document.documentElement.lang) problems.push('html has no lang');
if (!document.title.trim()) problems.push('page has no title');
const h1s = [...document.querySelectorAll('h1')].filter(visible);
if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (want 1)`);
let last = 0;
for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
  if (!visible(h)) continue;
  const level = Number(h.tagName[1]);
  if (last && level > last + 1) problems.push(`heading level skipped: h${last} then ${where(h)}`);
  last = level;
}
const named = (el) => {
  if ((el.getAttribute('aria-label') || '').trim()) return true;
  const by = el.getAttribute('aria-labelledby');
  if (by && by.split(/\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
  if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
  return !!(el.getAttribute('title') || '').trim();
};
for (const el of document.querySelectorAll('input,select,textarea')) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (['hidden', 'submit', 'button', 'reset'].includes(type) || !visible(el)) continue;
  if (!named(el)) problems.push(`form control without a label: ${where(el)}`);
}
for (const el of document.querySelectorAll('a[href],button,input[type=submit]')) {
  if (!visible(el)) continue;
  const text = (el.innerText || el.textContent || el.value || '').trim();
  const img = el.querySelector('img[alt]:not([alt=""]),svg[aria-label],svg title');
  if (!text && !img && !named(el)) problems.push(`link or button without a name: ${el.outerHTML.slice(0, 80)}`);
}
for (const el of document.querySelectorAll('img')) {
  if (!el.hasAttribute('alt')) problems.push(`image without alt: ${el.src}`);
}
for (const svg of document.querySelectorAll('svg')) {
  if (svg.closest('[aria-hidden=true]') || svg.getAttribute('aria-hidden') === 'true') continue;
  if (svg.parentElement && svg.parentElement.closest('svg')) continue;
  const hasTitle = svg.querySelector(':scope > title') || svg.getAttribute('aria-label') || svg.getAttribute('aria-labelledby');
  if (!hasTitle) problems.push(`svg without a title: ${where(svg.parentElement || svg)}`);
}
// Contrast: every element with its own visible text, against the first
// opaque background among it and its ancestors.
const rgb = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
const background = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.backgroundImage && cs.backgroundImage !== 'none') return null; // cannot tell
    const c = rgb(cs.backgroundColor);
    if (c && c.a >= 0.99) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 };
};
const seen = new Set();
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('svg') || !visible(el)) continue;
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own) continue;
  const cs = getComputedStyle(el);
  const fg = rgb(cs.color), bg = background(el);
  if (!fg || !bg || fg.a < 0.99) continue;
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  const ratio = (hi + 0.05) / (lo + 0.05);
  const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  const need = large ? 3 : 4.5;
  if (ratio + 0.005 < need) {
    const key = `${cs.color} on ${getComputedStyle(el).backgroundColor} ${el.tagName}`;
    if (!seen.has(key)) { seen.add(key); problems.push(`contrast ${ratio.toFixed(2)}:1 < ${need}:1: ${where(el)} (${cs.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}))`); }
  }
}
return problems;
"#;

/// Audits the page now open; returns its problems prefixed with the path.
async fn audit(b: &Browser, path: &str) -> Vec<String> {
    b.open(path).await.unwrap();
    let found = b.client.execute(AUDIT, vec![]).await.unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{path}: {}", p.as_str().unwrap_or_default()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_page_meets_wcag_basics_for_every_role() {
    let b = Browser::start("accessibility").await.unwrap();
    let mut problems = Vec::new();
    for path in [
        "/",
        "/login",
        "/catalog/pathways",
        "/maps",
        "/outcomes",
        "/lmi",
    ] {
        problems.extend(audit(&b, path).await);
    }
    let roles: [(&str, &[&str]); 6] = [
        (
            "convener@demo.pathways.test",
            &[
                "/",
                "/lmi",
                "/lmi/gaps",
                "/partnership",
                "/partnership/responsibilities",
                "/partnership/goals",
                "/partnership/meetings",
                "/partnership/funding",
                "/wbl",
                "/wbl/rounds",
                "/wbl/placements",
                "/wbl/mine",
                "/advising/caseload",
                "/catalog/organizations",
                "/metrics",
                "/maps",
            ],
        ),
        (
            "counselor@demo.pathways.test",
            &[
                "/",
                "/advising/caseload",
                "/advising/milestones",
                "/advising/goals",
                "/wbl",
            ],
        ),
        (
            "employer@demo.pathways.test",
            &["/", "/wbl", "/wbl/new", "/wbl/mine", "/wbl/placements"],
        ),
        (
            "student@demo.pathways.test",
            &["/", "/advising/plan", "/advising/inventory", "/wbl"],
        ),
        ("family@demo.pathways.test", &["/", "/advising/plan"]),
        ("college@demo.pathways.test", &["/", "/catalog/pathways"]),
    ];
    for (email, paths) in roles {
        b.sign_in(email).await.unwrap();
        for path in paths {
            problems.extend(
                audit(&b, path)
                    .await
                    .into_iter()
                    .map(|p| format!("{email} {p}")),
            );
        }
        b.sign_out().await.unwrap();
    }
    // The map pages, whichever maps the demo stored.
    b.open("/maps").await.unwrap();
    let map = b
        .client
        .find(fantoccini::Locator::Css("main a[href^='/maps/']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let map = map.trim_end_matches("/family").to_owned();
    problems.extend(audit(&b, &map).await);
    problems.extend(audit(&b, &format!("{map}/family")).await);
    b.close().await.unwrap();
    assert!(
        problems.is_empty(),
        "{} accessibility problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
