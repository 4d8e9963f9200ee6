//! Harness for browser tests: a demo region served on a random port, a
//! chromedriver session in headless Chromium, and screenshots saved under
//! `target/e2e-screenshots/` for people to look at.

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use pathways_store::testing::{TestStore, fresh_store};

/// Why the harness could not start.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What to seed beyond the demo's operational records (catalog, accounts,
/// work-based learning, advising, partnership, labor-market data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Seeds {
    /// The operational records only: seconds to seed.
    #[default]
    Operational,
    /// Also the participant records and every metric computed from them,
    /// for the outcome pages (the slowest step of the demo).
    WithOutcomes,
}

/// A served demo region and a browser pointed at it.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// Base URL of the app.
    pub base: String,
    driver: Child,
    shots: PathBuf,
    _store: TestStore,
    _data: tempfile::TempDir,
}

/// Desktop and phone window sizes (CSS pixels).
const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

fn free_port() -> Result<u16, Error> {
    Ok(StdListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Finds chromedriver; the browser tests need it (`apt-get install chromium chromium-driver`).
pub fn chromedriver() -> Result<PathBuf, Error> {
    for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] {
        if std::path::Path::new(p).exists() {
            return Ok(PathBuf::from(p));
        }
    }
    Err("chromedriver not found: install it with `apt-get install -y chromium chromium-driver` (scripts/test does)".into())
}

impl Browser {
    /// Seeds the demo region's operational records, serves it, and opens
    /// headless Chromium.
    pub async fn start(name: &str) -> Result<Self, Error> {
        Self::start_with(name, Seeds::Operational).await
    }

    /// Seeds the demo region, serves it, and opens headless Chromium.
    pub async fn start_with(name: &str, seeds: Seeds) -> Result<Self, Error> {
        let t = fresh_store().await?;
        let data = tempfile::tempdir()?;
        let region =
            pathways_demo::seed_catalog(&t.store, pathways_demo::catalog::DEFAULT_AREA, &|| {})
                .await?;
        pathways_demo::seed_accounts(&t.store, &region).await?;
        pathways_demo::wbl::seed_wbl(&t.store, &region, 60, &|| {}).await?;
        pathways_demo::advising::seed_advising(&t.store, &region, &|| {}).await?;

        pathways_demo::partnership::seed_partnership(
            &t.store,
            &region,
            pathways_web::sharing::today(),
        )
        .await?;
        pathways_web::api::lmi::load_shipped(&t.store)
            .await
            .map_err(|e| e.to_string())?;
        pathways_demo::maps::seed_maps(&t.store, &region).await?;
        if seeds == Seeds::WithOutcomes {
            pathways_demo::participants::seed_participants(
                &t.store,
                &region,
                data.path(),
                &mut |_| {},
            )
            .await?;
            pathways_demo::outcomes::seed_outcomes(
                &t.store,
                &data.path().join("participants"),
                data.path(),
            )
            .await?;
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = pathways_web::app(
            t.store.clone(),
            pathways_web::WebConfig {
                secure_cookies: false,
                ..Default::default()
            },
        );
        tokio::spawn(async move {
            let _ = pathways_web::serve(listener, app, std::future::pending()).await;
        });
        let port = free_port()?;
        let driver = Command::new(chromedriver()?)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(
            serde_json::json!({
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                             "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"]
                }
            }),
        )?;
        let mut client = None;
        for _ in 0..50 {
            match ClientBuilder::rustls()?
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let client = client.ok_or("could not connect to chromedriver")?;
        let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/e2e-screenshots")
            .join(name);
        std::fs::create_dir_all(&shots)?;
        Ok(Self {
            client,
            base: format!("http://{addr}"),
            driver,
            shots,
            _store: t,
            _data: data,
        })
    }

    /// Opens a path of the app.
    pub async fn open(&self, path: &str) -> Result<(), Error> {
        self.client.goto(&format!("{}{}", self.base, path)).await?;
        Ok(())
    }

    /// Saves the whole current page at desktop width as `NAME.png` and at
    /// phone width as `NAME-phone.png`, for people to look at; fails when
    /// the page is wider than the phone (a table or form that overflows).
    pub async fn shot(&self, name: &str) -> Result<(), Error> {
        for (width, file) in [
            (DESKTOP.0, format!("{name}.png")),
            (PHONE.0, format!("{name}-phone.png")),
        ] {
            self.client.set_window_size(width, DESKTOP.1).await?;
            let height = self
                .client
                .execute("return document.documentElement.scrollHeight;", vec![])
                .await?
                .as_u64()
                .unwrap_or(u64::from(DESKTOP.1));
            let height = height.clamp(u64::from(PHONE.1), 6000) as u32;
            self.client.set_window_size(width, height).await?;
            let png = self.client.screenshot().await?;
            std::fs::write(self.shots.join(file), png)?;
            if width == PHONE.0 {
                // The outermost elements that stick out past the phone's edge.
                let wide = self
                    .client
                    .execute(
                        "if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
                         const out = [];
                         for (const e of document.querySelectorAll('body *')) {
                           let clipped = false;
                           for (let a = e.parentElement; a; a = a.parentElement) {
                             if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
                           }
                           if (!clipped && e.getBoundingClientRect().right > window.innerWidth + 1
                               && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)) {
                             out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : ''));
                           }
                         }
                         return out.slice(0, 5);",
                        vec![],
                    )
                    .await?;
                if wide.as_array().is_some_and(|a| !a.is_empty()) {
                    self.client.set_window_size(DESKTOP.0, DESKTOP.1).await?;
                    return Err(format!("{name}: wider than a phone: {wide}").into());
                }
            }
        }
        self.client.set_window_size(DESKTOP.0, DESKTOP.1).await?;
        Ok(())
    }

    /// Visible text of the page body, once the page has settled (a click
    /// that submits a form navigates asynchronously).
    pub async fn text(&self) -> Result<String, Error> {
        let mut last = None;
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let ready = self
                .client
                .execute("return document.readyState", vec![])
                .await;
            if !matches!(ready, Ok(serde_json::Value::String(ref s)) if s == "complete") {
                continue;
            }
            match self.client.find(Locator::Css("body")).await {
                Ok(body) => match body.text().await {
                    Ok(t) => return Ok(t),
                    Err(e) => last = Some(e),
                },
                Err(e) => last = Some(e),
            }
        }
        Err(last.map_or_else(
            || "the page never finished loading".into(),
            |e| Box::new(e) as Error,
        ))
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str) -> Result<(), Error> {
        self.open("/login").await?;
        self.client
            .find(Locator::Id("email"))
            .await?
            .send_keys(email)
            .await?;
        self.client
            .find(Locator::Id("password"))
            .await?
            .send_keys(pathways_demo::DEMO_PASSWORD)
            .await?;
        self.click("form[action='/login'] button[type=submit]")
            .await
    }

    /// Clicks the element matching `css` and waits until the page it leads
    /// to has replaced the current one and finished loading.
    pub async fn click(&self, css: &str) -> Result<(), Error> {
        // A marker on the current document: it disappears with the document.
        self.client
            .execute("window.__pathwaysOld = true; return true;", vec![])
            .await?;
        self.client.find(Locator::Css(css)).await?.click().await?;
        for _ in 0..200 {
            let fresh = self
                .client
                .execute("return window.__pathwaysOld === undefined && document.readyState === 'complete';", vec![])
                .await;
            if matches!(fresh, Ok(serde_json::Value::Bool(true))) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("clicking {css} did not load a new page").into())
    }

    /// Types `text` into the field matching `css`, replacing what was there.
    pub async fn fill(&self, css: &str, text: &str) -> Result<(), Error> {
        let field = self.client.find(Locator::Css(css)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Sets a date field (`YYYY-MM-DD`): typing into a date picker depends
    /// on the browser's locale, so the value is set as the picker would.
    pub async fn set_date(&self, css: &str, date: &str) -> Result<(), Error> {
        let field = self.client.find(Locator::Css(css)).await?;
        self.client
            .execute(
                "arguments[0].value = arguments[1]; return true;",
                vec![serde_json::to_value(&field)?, serde_json::json!(date)],
            )
            .await?;
        Ok(())
    }

    /// Chooses the option with `value` in the select matching `css`.
    pub async fn choose(&self, css: &str, value: &str) -> Result<(), Error> {
        self.client
            .find(Locator::Css(css))
            .await?
            .select_by_value(value)
            .await?;
        Ok(())
    }

    /// The `href` of the first link whose text contains `text`.
    pub async fn link_to(&self, text: &str) -> Result<String, Error> {
        let xpath = format!("//a[contains(normalize-space(.), {})]", xpath_literal(text));
        let link = self.client.find(Locator::XPath(&xpath)).await?;
        link.attr("href")
            .await?
            .ok_or_else(|| format!("the link {text:?} has no href").into())
    }

    /// The path of the current page (without the origin).
    pub async fn path(&self) -> Result<String, Error> {
        let url = self.client.current_url().await?;
        Ok(url.path().to_owned())
    }

    /// Signs out through the header form.
    pub async fn sign_out(&self) -> Result<(), Error> {
        self.click("form[action='/logout'] button").await
    }

    /// Closes the browser and the driver.
    pub async fn close(mut self) -> Result<(), Error> {
        self.client.clone().close().await?;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        Ok(())
    }
}

/// `text` as an XPath string literal (XPath 1.0 has no escapes).
fn xpath_literal(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}
