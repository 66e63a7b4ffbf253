//! Harness for end-to-end tests: serves the built `dist/` on 127.0.0.1 (with the index.html fallback a
//! static host gives), starts chromedriver, and drives headless Chromium through WebDriver as a user would.

pub mod conformance;
mod http_remote;
mod peer;
mod png;
mod pouch;
mod server;

pub use fantoccini::{Client, Locator};
pub use http_remote::HttpSyncServer;
pub use peer::Peer;
pub use png::solid_png;
pub use pouch::{customer_docs, PouchServer};
pub use server::StaticServer;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::ClientBuilder;
use serde_json::{json, Value};

/// `n` with thousands separated as the app's English pages write it ("100,000").
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Polls `check` for up to 15 s (for what a server holds).
pub async fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    for _ in 0..150 {
        if let Some(v) = check() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Polls `check` (an async question to the browser) for up to 10 s.
pub async fn wait_until<T, F: std::future::Future<Output = Option<T>>>(what: &str, mut check: impl FnMut() -> F) -> T {
    for _ in 0..100 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Result type of the tests.
pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The built app: `DIST_DIR`, or `dist/` at the repository root.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist"))
}

/// A page every route-wide test visits: a short name (for screenshots), its path, its English heading.
pub struct Page {
    pub name: &'static str,
    pub path: &'static str,
    pub heading: &'static str,
}

/// Every page of the app but a customer's own (their paths need a customer's id).
pub const PAGES: [Page; 11] = [
    Page { name: "home", path: "/", heading: "Customer accounts" },
    Page { name: "customers", path: "/customers", heading: "Customers" },
    Page { name: "wizard", path: "/customers/new", heading: "Add a customer" },
    Page { name: "import", path: "/customers/import", heading: "Import customers" },
    Page { name: "invite", path: "/customers/invite", heading: "Request a reseller relationship" },
    Page { name: "referrals", path: "/referrals", heading: "Referrals" },
    Page { name: "providers", path: "/providers", heading: "Indirect providers" },
    Page { name: "profile", path: "/profile", heading: "Business profile" },
    Page { name: "activity", path: "/activity", heading: "Activity log" },
    Page { name: "sync", path: "/sync", heading: "Sync" },
    Page { name: "settings", path: "/settings", heading: "Settings" },
];

/// Where screenshots go (git-ignored).
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// Waits up to 20 s until something (`what`, for the message) listens on `port` of 127.0.0.1.
pub fn wait_listening(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A chromedriver child process, killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// Starts `/usr/bin/chromedriver` (or `$CHROMEDRIVER`) on a port it picks itself (`--port=0`, read back
    /// from its start-up line), so parallel tests can never end up sharing one driver. A driver that ends
    /// without saying its port (seen once in CI, while another test's driver started) is started again,
    /// up to three times.
    pub fn start() -> Driver {
        let mut said = Vec::new();
        for _ in 0..3 {
            match Driver::try_start() {
                Ok(driver) => return driver,
                Err(lines) => said.push(lines.join(" / ")),
            }
        }
        panic!("chromedriver says on which port it listens; it said: {said:?}");
    }

    /// One start: the driver, or what it printed before it ended without saying its port.
    fn try_start() -> Result<Driver, Vec<String>> {
        use std::io::BufRead;
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let mut child = Command::new(bin)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (apt install chromium-driver)");
        let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut printed = Vec::new();
        let port = lines.by_ref().map_while(Result::ok).find_map(|line| {
            let port = line.split("started successfully on port ").nth(1).map(|p| p.trim_end_matches('.').to_string());
            printed.push(line);
            port.and_then(|p| p.parse::<u16>().ok())
        });
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(printed);
        };
        // Keep reading what it prints later, so it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        wait_listening(port, "chromedriver");
        Ok(Driver { child, url: format!("http://127.0.0.1:{port}") })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser profile directory: the same directory in two sessions is "closing and reopening the browser".
pub struct Profile(tempdir::TempDir);

impl Profile {
    /// A fresh, empty profile (empty IndexedDB).
    pub fn new() -> Profile {
        Profile(tempdir::TempDir::new("profile"))
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::new()
    }
}

mod tempdir {
    use std::path::{Path, PathBuf};

    /// A fresh directory of its own for one test's files (a profile, CSV files, downloads), removed on drop —
    /// also when the test fails.
    pub struct TempDir(PathBuf);

    impl TempDir {
        /// A new empty directory whose name starts with `e2e-{name}`, unique to this process and moment.
        pub fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("e2e-{name}-{}-{}", std::process::id(), super::free_port()));
            std::fs::create_dir_all(&dir).expect("a directory in the system's temporary directory");
            TempDir(dir)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl std::ops::Deref for TempDir {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
pub use tempdir::TempDir;

/// One browser session on the app.
pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    /// Opens headless Chromium with `profile` at a desktop size.
    pub async fn open(
        driver: &Driver,
        profile: &Profile,
        base: &str,
    ) -> Result<Browser, Box<dyn std::error::Error + Send + Sync>> {
        let caps = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.0.path().display()),
                ]
            }
        });
        Browser::connect(&driver.url, caps, base).await
    }

    /// Opens a session with `caps` (an object) on the WebDriver server at `driver_url`, on the app at `base`.
    /// A browser that exits while starting (seen when the previous Chromium of the same profile is still
    /// shutting down and holds the profile's lock) is started again, twice at most.
    pub async fn connect(
        driver_url: &str,
        caps: Value,
        base: &str,
    ) -> Result<Browser, Box<dyn std::error::Error + Send + Sync>> {
        let Value::Object(caps) = caps else { return Err("capabilities must be an object".into()) };
        let mut tries = 0;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector).capabilities(caps.clone()).connect(driver_url).await {
                Err(fantoccini::error::NewSessionError::SessionNotCreated(e)) if tries < 2 => {
                    tries += 1;
                    eprintln!("the browser did not start ({e}); trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                other => break other?,
            }
        };
        Ok(Browser { client, base: base.trim_end_matches('/').to_string() })
    }

    /// Navigates to `path` of the app.
    pub async fn goto(&self, path: &str) -> TestResult {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    /// The element matching `css`, waiting up to 10 s for it to appear (the error names what was waited for:
    /// WebDriver's own says only "WaitTimeout").
    pub async fn find(&self, css: &str) -> Result<Element, Box<dyn std::error::Error + Send + Sync>> {
        match self.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await {
            Ok(element) => Ok(element),
            Err(fantoccini::error::CmdError::WaitTimeout) => Err(format!("`{css}` did not appear within 10 s").into()),
            Err(e) => Err(format!("`{css}`: {e}").into()),
        }
    }

    /// Waits until the text of `css` contains `text`; returns the whole text.
    pub async fn wait_text(&self, css: &str, text: &str) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let current = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if current.contains(text) {
                return Ok(current);
            }
            if Instant::now() > deadline {
                return Err(format!("`{css}` should contain “{text}”, has “{current}”").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the whole text of `css` (trimmed) is exactly `text` ("0" does not match "10").
    pub async fn wait_exact(&self, css: &str, text: &str) -> TestResult {
        self.wait_exact_within(css, text, Duration::from_secs(10)).await
    }

    /// [`Browser::wait_exact`] for up to `limit`; the error names the text last seen.
    pub async fn wait_exact_within(&self, css: &str, text: &str, limit: Duration) -> TestResult {
        let deadline = Instant::now() + limit;
        loop {
            let current = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if current.trim() == text {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("`{css}` should read exactly “{text}”, reads “{current}”").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sets a CouchDB remote on `/sync` (address `url`, database `db`) and waits for its first sync.
    pub async fn connect_couchdb(&self, url: &str, db: &str) -> TestResult {
        self.goto("/sync").await?;
        self.type_into("sync-url", url).await?;
        self.type_into("sync-database", db).await?;
        self.click("#save-sync").await?;
        self.wait_text("[data-testid=sync-status]", "Up to date").await?;
        Ok(())
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                return Err(format!("`{css}` should disappear").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Runs `act` on the element matching `css`; when the page replaced the element in between (a page
    /// drawn again as its data arrives), finds it again — three tries at most.
    async fn on_element<F, Fut>(&self, css: &str, act: F) -> TestResult
    where
        F: Fn(Element) -> Fut,
        Fut: std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
    {
        let mut tries = 1;
        loop {
            match act(self.find(css).await?).await {
                Err(e) if e.is_stale_element_reference() && tries < 3 => tries += 1,
                // The page was still laying out (a list just redrawn, a busy machine): the click was not
                // delivered, so it is tried again once the layout had a moment.
                Err(fantoccini::error::CmdError::Standard(w))
                    if w.error == fantoccini::error::ErrorStatus::ElementClickIntercepted && tries < 3 =>
                {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                done => return Ok(done?),
            }
        }
    }

    /// Clicks into the input `#id`, replaces its text with `text` by typing, and leaves it with Tab.
    pub async fn type_into(&self, id: &str, text: &str) -> TestResult {
        let keys = format!("{text}\u{E004}");
        self.on_element(&format!("#{id}"), |el| {
            let keys = keys.clone();
            async move {
                el.click().await?;
                el.clear().await?;
                el.send_keys(&keys).await
            }
        })
        .await
    }

    /// Chooses the option with `value` in the `<select id>`.
    pub async fn select(&self, id: &str, value: &str) -> TestResult {
        self.on_element(&format!("#{id}"), |el| async move { el.select_by_value(value).await }).await
    }

    /// Chooses the option whose text is `text` in the `<select id>`.
    pub async fn select_by_text(&self, id: &str, text: &str) -> TestResult {
        self.find(&format!("#{id}")).await?.select_by_label(text).await?;
        Ok(())
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> TestResult {
        self.on_element(css, |el| async move { el.click().await }).await
    }

    /// The current value of an input.
    pub async fn value(&self, id: &str) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.find(&format!("#{id}")).await?.prop("value").await?.unwrap_or_default())
    }

    /// Waits until the input `id` holds exactly `value`.
    pub async fn wait_value(&self, id: &str, value: &str) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let current = self.value(id).await?;
            if current == value {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("#{id} should hold “{value}”, holds “{current}”").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sets the layout viewport to `width` × `height` CSS pixels (phone runs use 360 × 740).
    pub async fn viewport(&self, width: u32, height: u32) -> TestResult {
        self.client
            .issue_cmd(CdpCommand::new(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 720 }),
            ))
            .await?;
        Ok(())
    }

    /// Saves a full-page PNG screenshot as `screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> TestResult {
        use base64::Engine;
        let metrics = self.client.issue_cmd(CdpCommand::new("Page.getLayoutMetrics", json!({}))).await?;
        let size = &metrics["cssContentSize"];
        // The whole page, up to three screens of it (a long windowed list is mostly empty space).
        let screen = metrics["cssVisualViewport"]["clientHeight"].as_f64().unwrap_or(900.0);
        let scrolled = metrics["cssVisualViewport"]["pageY"].as_f64().unwrap_or(0.0);
        let height = size["height"].as_f64().unwrap_or(screen).min(screen * 3.0);
        let top = if height < size["height"].as_f64().unwrap_or(0.0) { scrolled } else { 0.0 };
        let clip = json!({ "x": 0, "y": top, "width": size["width"], "height": height, "scale": 1 });
        let shot = self
            .client
            .issue_cmd(CdpCommand::new(
                "Page.captureScreenshot",
                json!({ "format": "png", "captureBeyondViewport": true, "clip": clip }),
            ))
            .await?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        let png = base64::engine::general_purpose::STANDARD.decode(data)?;
        std::fs::create_dir_all(screenshot_dir())?;
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// The page's horizontal overflow: scroll width minus the visible width (0 when nothing sticks out).
    /// (Not `innerWidth`: on a phone viewport it grows with content that sticks out.)
    pub async fn horizontal_overflow(&self) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        let script = "return document.scrollingElement.scrollWidth - document.documentElement.clientWidth";
        let v = self.client.execute(script, vec![]).await?;
        Ok(v.as_i64().unwrap_or(0))
    }

    /// Boxes in `main` whose text is wider than the box and runs over what stands beside it (a long word in
    /// a narrow column), each as "tag: its text". Boxes that clip or scroll on purpose (an ellipsis, hidden or
    /// scrolling overflow) and form controls are not counted.
    pub async fn text_sticking_out(&self) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        let script = "const out = []; \
            for (const el of document.querySelectorAll('main *')) { \
              if (el.closest('input, select, textarea, button, svg')) continue; \
              const cs = getComputedStyle(el); \
              if (cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis' || el.clientWidth === 0) continue; \
              if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 60)); \
            } \
            return out;";
        let v = self.client.execute(script, vec![]).await?;
        Ok(serde_json::from_value(v)?)
    }

    /// One-line fields in `main` whose text — the value, or the placeholder while empty, or a list's choice
    /// (beside its 20 px arrow) — is wider than the field, so the partner reads it cut off; each as "id: text".
    pub async fn fields_cut(&self) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        let script = "const out = []; const ctx = document.createElement('canvas').getContext('2d'); \
            const kinds = ['text', 'search', 'email', 'tel', 'url', 'select-one']; \
            for (const el of document.querySelectorAll('main input, main select')) { \
              const list = el.type === 'select-one'; \
              const text = list ? el.options[el.selectedIndex]?.text : el.value || el.placeholder; \
              if (!kinds.includes(el.type) || !text || el.clientWidth === 0) continue; \
              const cs = getComputedStyle(el); \
              ctx.font = cs.font; \
              const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - (list ? 20 : 0); \
              if (ctx.measureText(text).width > room) out.push(el.id + ': ' + text); \
            } \
            return out;";
        let v = self.client.execute(script, vec![]).await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Words on the page broken across two lines with no hyphen shown ("Registrierungsnum|mer"), each as
    /// "before|after" — what a box too narrow for a long word does. A break at a soft hyphen shows a hyphen
    /// and is not counted.
    pub async fn words_broken(&self) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        let script = "const out = []; const letter = /[\\p{L}\\p{N}]/u; \
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); \
            for (let n = walk.nextNode(); n; n = walk.nextNode()) { \
              const el = n.parentElement; \
              if (!el || el.closest('input, select, textarea, option, script, style') || !el.getClientRects().length) continue; \
              let top = null; \
              for (let i = 0; i < n.length; i++) { \
                const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); \
                const at = [...r.getClientRects()].filter(b => b.width > 0).pop(); \
                if (!at) continue; \
                if (top !== null && at.top > top + 2 && letter.test(n.data[i - 1]) && letter.test(n.data[i])) { \
                  const end = n.data.indexOf(' ', i); \
                  out.push(n.data.slice(n.data.lastIndexOf(' ', i) + 1, i) + '|' + n.data.slice(i, end < 0 ? n.length : end)); \
                } \
                top = at.top; \
              } \
            } \
            return out;";
        let v = self.client.execute(script, vec![]).await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Asserts that the fields `ids` end at the same height (side by side in one line, whatever their labels,
    /// hints and messages).
    pub async fn assert_in_line(&self, ids: &[&str]) -> TestResult {
        let script = format!(
            "{}.map(id => Math.round(document.getElementById(id).getBoundingClientRect().bottom))",
            serde_json::to_string(ids)?
        );
        let bottoms: Vec<i64> = serde_json::from_value(self.evaluate(&script).await?)?;
        assert!(bottoms.iter().all(|&y| y == bottoms[0]), "{ids:?} side by side: {bottoms:?}");
        Ok(())
    }

    /// The text of the first element matching `css` as it is laid out: one string per line on screen.
    pub async fn lines(&self, css: &str) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        let script = "const lines = []; let top = null; \
            const walk = document.createTreeWalker(document.querySelector(arguments[0]), NodeFilter.SHOW_TEXT); \
            for (let n = walk.nextNode(); n; n = walk.nextNode()) for (let i = 0; i < n.length; i++) { \
              const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1); \
              const at = r.getBoundingClientRect().top; \
              if (top === null || at > top + 2) { lines.push(''); top = at; } \
              lines[lines.length - 1] += n.data[i]; \
            } \
            return lines;";
        let v = self.client.execute(script, vec![Value::String(css.to_string())]).await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Runs `script` (which ends by calling `done(value)`, its last argument) and returns the value.
    pub async fn run_async(&self, script: &str) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let body = format!("const done = arguments[arguments.length - 1]; {script}");
        Ok(self.client.execute_async(&body, vec![]).await?)
    }

    /// Waits until a service worker controls the page (the app shell is cached).
    pub async fn wait_for_service_worker(&self) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.client.execute("return !!navigator.serviceWorker.controller", vec![]).await? != Value::Bool(true) {
            if Instant::now() > deadline {
                return Err("no service worker took control of the page".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Switches the browser's network off or on (DevTools network emulation: `navigator.onLine` follows).
    pub async fn set_offline(&self, offline: bool) -> TestResult {
        self.client.issue_cmd(CdpCommand::new("Network.enable", json!({}))).await?;
        self.client
            .issue_cmd(CdpCommand::new(
                "Network.emulateNetworkConditions",
                json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
            ))
            .await?;
        Ok(())
    }

    /// Sets an input's value by script and fires `input` (for date inputs, whose typing is locale-bound).
    pub async fn set_input(&self, id: &str, value: &str) -> TestResult {
        self.client
            .execute(
                "const el = document.getElementById(arguments[0]); el.value = arguments[1]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(id), json!(value)],
            )
            .await?;
        Ok(())
    }

    /// Imports the CSV file at `path` on `/customers/import`, all `rows` of it new customers, and waits until
    /// they are created.
    pub async fn import_new(&self, path: &Path, rows: usize) -> TestResult {
        self.goto("/customers/import").await?;
        self.find("#import-file").await?.send_keys(&path.display().to_string()).await?;
        self.wait_text("#import-summary", &format!("{0} rows: {0} to create", thousands(rows))).await?;
        self.click("#start-import").await?;
        self.wait_text("#import-outcome", &format!("created {}", thousands(rows))).await?;
        Ok(())
    }

    /// Imports the CSV file at `path` on `/customers/import` as updates of `rows` customers already here, and
    /// waits until they are updated.
    pub async fn import_updates(&self, path: &Path, rows: usize) -> TestResult {
        self.goto("/customers/import").await?;
        self.find("#import-file").await?.send_keys(&path.display().to_string()).await?;
        self.select("import-mode", "update").await?;
        self.wait_text("#import-summary", &format!("{} to update", thousands(rows))).await?;
        self.click("#start-import").await?;
        self.wait_text("#import-outcome", &format!("updated {}", thousands(rows))).await?;
        Ok(())
    }

    /// Saves downloads of this session into `dir`.
    pub async fn download_to(&self, dir: &Path) -> TestResult {
        std::fs::create_dir_all(dir)?;
        self.client
            .issue_cmd(CdpCommand::new(
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }),
            ))
            .await?;
        Ok(())
    }

    /// Fills the wizard's account info (on `/customers/new`) for a German customer in `city`, the
    /// attestation copied from the primary contact.
    pub async fn fill_customer(&self, company: &str, prefix: &str, city: &str) -> TestResult {
        self.type_into("company_name", company).await?;
        self.type_into("domain_prefix", prefix).await?;
        self.type_into("first_name", "Anna").await?;
        self.type_into("last_name", "Müller").await?;
        self.type_into("email", &format!("anna@{prefix}.de")).await?;
        self.type_into("address_line1", "Hauptstraße 1").await?;
        self.type_into("postal_code", "10115").await?;
        self.type_into("city", city).await?;
        self.click("button.subtle[type=button]").await?; // MCA: same person as the primary contact
        Ok(())
    }

    /// Adds a customer through every step of the wizard and waits for its page.
    pub async fn add_customer(&self, company: &str, prefix: &str, city: &str) -> TestResult {
        self.goto("/customers/new").await?;
        self.fill_customer(company, prefix, city).await?;
        self.click("#next").await?;
        self.click("#next-review").await?;
        self.click("#submit").await?;
        self.wait_text("main", "Customer added").await?;
        Ok(())
    }

    /// Every customer stored in the app's database, as the app's own JSON.
    pub async fn stored_customers(&self) -> Result<Vec<Value>, Box<dyn std::error::Error + Send + Sync>> {
        let stored = self
            .evaluate(
                "new Promise((ok, no) => { const r = indexedDB.open('partner-accounts'); r.onerror = no; r.onsuccess = () => {\
                 const q = r.result.transaction('customers').objectStore('customers').getAll();\
                 q.onerror = no; q.onsuccess = () => ok(q.result.map(c => c.doc)); }; })",
            )
            .await?;
        let texts = stored.as_array().cloned().unwrap_or_default();
        Ok(texts
            .iter()
            .map(|text| serde_json::from_str(text.as_str().unwrap_or_default()))
            .collect::<Result<_, _>>()?)
    }

    /// On the list, selects every customer `change` touches and starts its tag change; the bar's outcome is
    /// left to wait for.
    pub async fn tag_matching(&self, change: &TagChange) -> TestResult {
        let count = change.hits.len();
        self.goto(&format!("/customers?q=kunde%20{}", change.digit)).await?;
        self.wait_text("[data-testid=result-count]", &format!("of {} matching", thousands(count))).await?;
        self.click("#select-all").await?;
        let on_screen = self.wait_text("[data-testid=selected-count]", "selected").await?;
        if !on_screen.starts_with(&format!("{} selected", thousands(count))) {
            self.click("#select-matching").await?;
        }
        self.wait_text("[data-testid=selected-count]", &format!("{} selected", thousands(count))).await?;
        self.type_into("bulk-tag", &change.tag).await?;
        self.click(if change.add { "#bulk-add-tag" } else { "#bulk-remove-tag" }).await
    }

    /// Saves the partner's Microsoft partner id and company name on `/settings` (what invitations need).
    pub async fn set_partner(&self, partner_id: &str, company: &str) -> TestResult {
        self.goto("/settings").await?;
        self.type_into("partner-id", partner_id).await?;
        self.type_into("partner-company", company).await?;
        self.click("#save-partner").await?;
        self.wait_text("main", "Saved.").await?;
        Ok(())
    }

    /// Writes `n` generated customers straight into the app's database (benchmarks); the app must have
    /// opened the database once on this profile.
    pub async fn seed_customers(&self, n: u32) -> TestResult {
        let seeded = self.client.execute_async(&format!("{SORT_KEY_JS}{SEED}"), vec![json!(n)]).await?;
        if seeded != Value::String("ok".into()) {
            return Err(format!("seeding failed: {seeded}").into());
        }
        Ok(())
    }

    /// Runs axe-core (npm, injected through DevTools: the app's CSP refuses injected scripts) on the page as
    /// it is, for WCAG 2.2 AA and best practices; returns (impact, "rule × nodes: first target") per violation.
    pub async fn axe_violations(&self) -> Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
        let axe = Path::new(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js");
        self.evaluate(&std::fs::read_to_string(axe)?).await?;
        let found = self
            .evaluate(
                "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })\
                 .then(r => JSON.stringify(r.violations.map(v => [v.impact || '', v.id + ' × ' + v.nodes.length + ': ' + v.nodes[0].target.join(' ')])))",
            )
            .await?;
        Ok(serde_json::from_str(found.as_str().unwrap_or("[]"))?)
    }

    /// Evaluates `expression` in the page through DevTools (`Runtime.evaluate`, which the app's CSP does
    /// not block, unlike injected scripts) and returns its value.
    pub async fn evaluate(&self, expression: &str) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let params = json!({ "expression": expression, "returnByValue": true, "awaitPromise": true });
        let answer = self.client.issue_cmd(CdpCommand::new("Runtime.evaluate", params)).await?;
        if let Some(e) = answer.get("exceptionDetails") {
            return Err(format!("evaluate failed: {e}").into());
        }
        Ok(answer["result"]["value"].clone())
    }

    /// Lets a script run for up to `limit` (WebDriver's script timeout; the benchmarks' in-page work takes
    /// minutes at 100,000 records).
    pub async fn allow_scripts_for(&self, limit: Duration) -> TestResult {
        self.client.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(limit), None, None)).await?;
        Ok(())
    }

    /// For the benchmarks: from the next page load on, records in `window.__bench` every long task
    /// (`long`: start and duration) and the moment an element matching `css` was first there at a frame
    /// (`firstRow`). See [`Browser::first_painted`].
    pub async fn watch_first_paint(&self, css: &str) -> TestResult {
        let script = format!(
            "window.__bench = {{ firstRow: null, long: [] }};
new PerformanceObserver(l => {{ for (const e of l.getEntries()) window.__bench.long.push([e.startTime, e.duration]); }})
  .observe({{ type: 'longtask' }});
const check = () => {{
  if (document.querySelector({css:?})) window.__bench.firstRow = performance.now();
  else requestAnimationFrame(check);
}};
requestAnimationFrame(check);"
        );
        self.client
            .issue_cmd(CdpCommand::new("Page.addScriptToEvaluateOnNewDocument", json!({ "source": script })))
            .await?;
        Ok(())
    }

    /// Loads `path` and returns when an element matching `css` was first painted and the longest task
    /// before it, in ms since navigation (as [`Browser::watch_first_paint`] with the same `css` records).
    pub async fn first_painted(
        &self,
        path: &str,
        css: &str,
    ) -> Result<(f64, f64), Box<dyn std::error::Error + Send + Sync>> {
        self.goto(path).await?;
        self.find(css).await?;
        let bench = self.evaluate("window.__bench").await?;
        let first = bench["firstRow"].as_f64().unwrap_or(f64::NAN);
        let longest = bench["long"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e[0].as_f64().unwrap_or(0.0) < first)
            .filter_map(|e| e[1].as_f64())
            .fold(0.0, f64::max);
        Ok((first, longest))
    }

    /// Starts recording the longest task of the page (`PerformanceObserver` on `longtask`).
    pub async fn watch_long_tasks(&self) -> TestResult {
        self.evaluate(
            "window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) \
             window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' }); 0",
        )
        .await?;
        Ok(())
    }

    /// The longest task in milliseconds since [`Browser::watch_long_tasks`].
    pub async fn longest_task(&self) -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.evaluate("window.__longest").await?.as_f64().unwrap_or(0.0))
    }

    /// How the page's wasm files were downloaded (Resource Timing, through WebDriver so that every engine
    /// answers): how many times the main module was, and how many downloads repeated a file.
    pub async fn wasm_downloads(&self) -> Result<(u64, u64), Box<dyn std::error::Error + Send + Sync>> {
        let counts = self
            .client
            .execute(
                "const names = performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.wasm')); \
                 return [names.filter(n => n.endsWith('_bg.wasm')).length, names.length - new Set(names).size]",
                vec![],
            )
            .await?;
        Ok((counts[0].as_u64().ok_or("no count")?, counts[1].as_u64().ok_or("no count")?))
    }

    /// The path and query of the current URL (`/customers?q=…`).
    pub async fn path_and_query(&self) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        let url = self.client.current_url().await?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Presses Tab (Shift+Tab with `back`) as the keyboard does, through DevTools (WebDriver's keys to an
    /// element would go to that element: a file input takes them for a file name).
    pub async fn press_tab(&self, back: bool) -> TestResult {
        self.press("Tab", 9, if back { 8 } else { 0 }).await
    }

    /// Presses Escape as the keyboard does, where the focus is.
    pub async fn press_escape(&self) -> TestResult {
        self.press("Escape", 27, 0).await
    }

    /// Presses the key named `key` (its Windows key code `code`, DevTools' `modifiers`: 8 is Shift).
    async fn press(&self, key: &str, code: u32, modifiers: u32) -> TestResult {
        for kind in ["rawKeyDown", "keyUp"] {
            let event =
                json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code, "modifiers": modifiers });
            self.client.issue_cmd(CdpCommand::new("Input.dispatchKeyEvent", event)).await?;
        }
        Ok(())
    }

    /// The path part of the current URL.
    pub async fn path(&self) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.client.current_url().await?.path().to_string())
    }

    /// Ends the session (closes the browser).
    pub async fn close(self) -> TestResult {
        self.client.close().await?;
        Ok(())
    }
}

/// Chromedriver's `goog/cdp/execute`: a Chrome DevTools command sent through WebDriver.
#[derive(Debug)]
pub struct CdpCommand {
    body: Value,
}

impl CdpCommand {
    /// `cmd` with its parameters.
    pub fn new(cmd: &str, params: Value) -> CdpCommand {
        CdpCommand { body: json!({ "cmd": cmd, "params": params }) }
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Waits until `dir/name` exists and is complete, then returns its bytes.
pub async fn downloaded(dir: &Path, name: &str) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let path = dir.join(name);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if path.exists() && !dir.join(format!("{name}.crdownload")).exists() {
            let bytes = std::fs::read(&path)?;
            if !bytes.is_empty() {
                std::fs::remove_file(&path)?;
                return Ok(bytes);
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{name} was not downloaded").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A CSV file's text as the import page reads it: a header and `n` valid new customers, "Kunde 0 GmbH" on,
/// each with the primary domain `{prefix}{i}`.
pub fn new_customers_csv(n: usize, prefix: &str) -> String {
    customers_csv(prefix, (0..n).map(|i| (i, "Berlin")))
}

/// A CSV file of customers as [`new_customers_csv`] writes them, row `i` ("Kunde i GmbH", domain
/// `{prefix}{i}`) in the city given with it: a file of new customers, or of updates that move them.
pub fn customers_csv<'a>(prefix: &str, rows: impl IntoIterator<Item = (usize, &'a str)>) -> String {
    let mut text = String::from(
        "Company name,Primary domain name,First name,Last name,Email,Address line 1,Postal code,City,Country\n",
    );
    for (i, city) in rows {
        text += &format!("Kunde {i} GmbH,{prefix}{i},Jan,Weiß,jan@kunde{i}.de,Weg {i},10115,{city},DE\n");
    }
    text
}

/// A small deterministic generator for randomized interleavings (xorshift).
pub struct Steps {
    /// The seed it started from: `E2E_SEED`, or the test's own.
    pub seed: u64,
    state: u64,
}

impl Steps {
    /// Steps from `E2E_SEED`, or from `default` when it is not set.
    pub fn seeded(default: u64) -> Steps {
        let seed = std::env::var("E2E_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
        Steps { seed, state: seed.wrapping_mul(2_654_435_761) | 1 }
    }

    /// The next number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n
    }
}

/// A bulk tag change of the interleaving tests: the customers of [`new_customers_csv`] whose number starts with
/// a digit (the list searched for "kunde <digit>") get tag `R<round>`, or lose the tag of an earlier round.
pub struct TagChange {
    pub digit: u64,
    pub add: bool,
    pub tag: String,
    /// The rows it touches.
    pub hits: Vec<usize>,
}

impl TagChange {
    /// Round `round`'s change of `n` customers, drawn from `steps`.
    pub fn draw(steps: &mut Steps, round: u64, n: usize) -> TagChange {
        let digit = 1 + steps.below(9);
        let (add, tag) = match steps.below(3) {
            0 if round > 0 => (false, format!("R{}", steps.below(round))),
            _ => (true, format!("R{round}")),
        };
        let hits = (0..n).filter(|i| i.to_string().starts_with(&digit.to_string())).collect();
        TagChange { digit, add, tag, hits }
    }

    /// The tag sets of every row (by row number) after this change.
    pub fn apply(&self, tags: &mut [std::collections::BTreeSet<String>]) {
        for &i in &self.hits {
            if self.add {
                tags[i].insert(self.tag.clone());
            } else {
                tags[i].remove(&self.tag);
            }
        }
    }
}

/// The `qs` quantiles (0.5: the median, 1.0: the largest) of `values`, each the nearest value; NaN for none.
pub fn quantiles<const N: usize>(values: impl IntoIterator<Item = f64>, qs: [f64; N]) -> [f64; N] {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    qs.map(|q| if v.is_empty() { f64::NAN } else { v[((v.len() - 1) as f64 * q).round() as usize] })
}

/// `sortKey(text)`: the company name's sort key as `src/domain/sort_key.rs` makes it for the names the
/// benchmarks write (numbers padded; no umlauts in them). Put before the scripts that use it.
const SORT_KEY_JS: &str = r#"
const sortKey = (text) => text.trim().toLowerCase().replace(/[0-9]+/g, (run) => '0' + String(Number(run)).padStart(12, '0'));
"#;

/// Writes `n` customers straight into the app's database, in the store's record format (with the list's
/// row and the name's sort key, as `src/store/idb/codec.rs` writes them); every seventh is shared with an
/// indirect provider and every eleventh carries a "VIP" tag. Put after `SORT_KEY_JS`.
const SEED: &str = r#"
const n = arguments[0];
const done = arguments[arguments.length - 1];
const req = indexedDB.open('partner-accounts');
req.onerror = () => done('open failed');
req.onblocked = () => done('blocked');
req.onsuccess = () => { try {
  const db = req.result;
  const tx = db.transaction('customers', 'readwrite');
  const store = tx.objectStore('customers');
  for (let i = 0; i < n; i++) {
    const id = '00000000-0000-4000-8000-' + String(i).padStart(12, '0');
    const domain = 'customer' + i + '.onmicrosoft.com';
    const doc = {
      id, commerce_id: null,
      company: { tenant_id: id, domain, company_name: 'Customer ' + i + ' Handels GmbH', organization_registration_number: null },
      billing: { first_name: 'Anna', last_name: 'Müller', email: 'anna' + i + '@customer' + i + '.de', culture: 'de-DE', language: 'de',
        company_name: 'Customer ' + i + ' Handels GmbH',
        default_address: { line1: 'Hauptstraße ' + i, line2: '', line3: '', city: 'Berlin', state: '', postal_code: '10115', country: 'DE', phone_number: '' } },
      relationship: 'reseller', qualification: 'none', custom_domains: [],
      associated_partner_id: i % 7 === 0 ? '6a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d' : null,
      tags: i % 11 === 0 ? ['Berlin', 'Retail', 'VIP'] : ['Berlin', 'Retail'],
      attestation: { first_name: 'Anna', last_name: 'Müller', email: 'anna@customer.de', phone_number: '', accepted_on: '2026-11-20' },
      created_at: 1764000000000 + i, updated_at: 1764000000000 + i,
    };
    const name = doc.company.company_name;
    const row = { id, n: name, d: domain, r: 'reseller', t: doc.tags, p: doc.associated_partner_id, e: false, a: doc.created_at, c: doc.updated_at };
    store.put({ id, domain, updated_at: doc.updated_at, name_key: sortKey(name), row: JSON.stringify(row), doc: JSON.stringify(doc) });
  }
  tx.oncomplete = () => { db.close(); done('ok'); };
  tx.onerror = () => done('write failed: ' + tx.error);
  } catch (e) { done('exception: ' + e); }
};
"#;

/// `script` with the JavaScript of the benchmarks' "same schema" baselines before it (see `APP_SCHEMA_JS`).
pub fn with_app_schema(script: &str) -> String {
    format!("{SORT_KEY_JS}{APP_SCHEMA_JS}{script}")
}

/// JavaScript for the benchmarks' "same schema" baselines: `openAppSchema(name)` opens a fresh database
/// with the app's customer and outbox stores and every index the app keeps on them (see
/// `src/store/idb/schema.rs`), and `storedCustomer(c, extra)` makes a customer's stored form as the app's
/// codec does (indexed properties, list row, whole customer as JSON text) — so a baseline pays the same
/// index writes as the app, without the app's rules and bookkeeping.
const APP_SCHEMA_JS: &str = r#"
const openAppSchema = (name) => new Promise((resolve, reject) => {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    const customers = db.createObjectStore('customers', { keyPath: 'id' });
    customers.createIndex('by_domain', 'domain', { unique: true });
    customers.createIndex('by_updated', 'updated_at');
    customers.createIndex('by_name', 'name_key');
    customers.createIndex('by_ended', 'ended');
    customers.createIndex('by_billing_missing', 'billing_missing');
    customers.createIndex('by_added', 'added');
    db.createObjectStore('outbox', { autoIncrement: true }).createIndex('by_mutation', 'mutation_id', { unique: true });
    db.createObjectStore('records', { autoIncrement: true });
  };
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});
const storedCustomer = (c, extra) => {
  const name = c.company.company_name, domain = c.company.domain;
  const row = { id: c.id, n: name, d: domain, r: c.relationship, t: c.tags, p: c.associated_partner_id, e: false, a: c.created_at, c: c.updated_at };
  return Object.assign({ id: c.id, domain, updated_at: c.updated_at, name_key: sortKey(name), row: JSON.stringify(row),
    added: [c.relationship, c.created_at], doc: JSON.stringify(c) }, extra);
};
"#;
