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

/// A served demo region and a browser pointed at it.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// Base URL of the app.
    pub base: String,
    driver: Child,
    shots: PathBuf,
    _store: TestStore,
}

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
    /// Seeds the demo region, serves it, and opens headless Chromium.
    pub async fn start(name: &str) -> Result<Self, Error> {
        let t = fresh_store().await?;
        let region =
            pathways_demo::seed_catalog(&t.store, pathways_demo::catalog::DEFAULT_AREA, &|| {})
                .await?;
        pathways_demo::seed_accounts(&t.store, &region).await?;
        pathways_demo::wbl::seed_wbl(&t.store, &region, 60).await?;
        pathways_demo::advising::seed_advising(&t.store, &region).await?;
        pathways_web::api::lmi::load_shipped(&t.store)
            .await
            .map_err(|e| e.to_string())?;
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
        })
    }

    /// Opens a path of the app.
    pub async fn open(&self, path: &str) -> Result<(), Error> {
        self.client.goto(&format!("{}{}", self.base, path)).await?;
        Ok(())
    }

    /// Saves a screenshot of the current page as `NAME.png`.
    pub async fn shot(&self, name: &str) -> Result<(), Error> {
        let png = self.client.screenshot().await?;
        std::fs::write(self.shots.join(format!("{name}.png")), png)?;
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
