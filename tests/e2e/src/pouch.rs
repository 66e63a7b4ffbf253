//! A real CouchDB-protocol server for sync tests: pouchdb-server (npm, installed by the test setup) on
//! 127.0.0.1, in memory or on disk (to survive a restart), stopped by PID when dropped; and plain HTTP to
//! look at what it holds.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use partner_accounts::domain::fixtures;
use partner_accounts::domain::timestamp::Timestamp;
use partner_accounts::sync::records::Record;
use partner_accounts::sync::remote::PushDoc;
use partner_accounts::sync::wire::to_couch;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::free_port;

/// The pouchdb-server program: `$POUCHDB_SERVER`, or the one the setup installed next to this crate.
fn program() -> PathBuf {
    std::env::var_os("POUCHDB_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pouchdb/node_modules/.bin/pouchdb-server"))
}

/// A running pouchdb-server.
pub struct PouchServer {
    child: Option<Child>,
    port: u16,
    /// Its working directory (pouchdb-server writes config.json and log.txt there) and, on disk, its data.
    dir: PathBuf,
    on_disk: bool,
    pub url: String,
}

impl PouchServer {
    /// A server that keeps its databases in memory.
    pub fn in_memory() -> PouchServer {
        Self::start(false)
    }

    /// A server that keeps its databases on disk, so a restart keeps them.
    pub fn on_disk() -> PouchServer {
        Self::start(true)
    }

    fn start(on_disk: bool) -> PouchServer {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("e2e-pouch-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("server dir");
        let mut server = PouchServer { child: None, port, dir, on_disk, url: format!("http://127.0.0.1:{port}") };
        server.restart();
        server
    }

    /// Starts the server (again) on the same port and data.
    pub fn restart(&mut self) {
        let mut cmd = Command::new(program());
        cmd.current_dir(&self.dir).args(["--host", "127.0.0.1", "--port", &self.port.to_string()]);
        if self.on_disk {
            cmd.arg("--dir").arg(self.dir.join("data"));
        } else {
            cmd.arg("--in-memory");
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pouchdb-server starts (scripts/setup.sh --browser installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&self.url).call().is_err() {
            assert!(Instant::now() < deadline, "pouchdb-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server at once (by PID), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// `GET path` as JSON (`None` for a 404).
    pub fn get(&self, path: &str) -> Option<Value> {
        match ureq::get(&format!("{}{path}", self.url)).call() {
            Ok(r) => Some(r.into_json().expect("JSON")),
            Err(ureq::Error::Status(404, _)) => None,
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// `method path` with a JSON body; returns the answer's JSON.
    pub fn send(&self, method: &str, path: &str, body: &Value) -> Value {
        ureq::request(method, &format!("{}{path}", self.url))
            .send_json(body.clone())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
            .into_json()
            .expect("JSON")
    }

    /// Creates database `db` and stores `docs` in it, a thousand per request.
    pub fn fill(&self, db: &str, docs: &[Value]) {
        self.send("PUT", &format!("/{db}"), &json!({}));
        for chunk in docs.chunks(1_000) {
            self.send("POST", &format!("/{db}/_bulk_docs"), &json!({ "docs": chunk }));
        }
    }

    /// How many live documents database `db` holds (0 while it does not exist).
    pub fn doc_count(&self, db: &str) -> u64 {
        self.get(&format!("/{db}")).and_then(|info| info["doc_count"].as_u64()).unwrap_or(0)
    }

    /// The customer documents of database `db`, by id, without design and `_local` documents.
    pub fn customers(&self, db: &str) -> Vec<Value> {
        let all = self.get(&format!("/{db}/_all_docs?include_docs=true")).unwrap_or_default();
        let rows = all["rows"].as_array().cloned().unwrap_or_default();
        rows.into_iter().map(|r| r["doc"].clone()).filter(|d| d["kind"] == "customer").collect()
    }
}

impl Drop for PouchServer {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `n` valid customer documents (German customers, ~1 KB each), as another device would have pushed them.
pub fn customer_docs(n: usize) -> Vec<Value> {
    let ctx = fixtures::ctx();
    (0..n)
        .map(|i| {
            let draft = fixtures::draft(&format!("Kunde {i} GmbH"), &format!("kunde{i}"));
            let customer = draft.to_customer(&ctx, Uuid::new_v4(), Timestamp(1)).expect("valid");
            let record = Record::Customer(Box::new(customer));
            let push = PushDoc {
                id: record.doc_id(),
                mutation_id: Uuid::new_v4(),
                data: Some(record.to_data().into()),
                assumed: None,
                losers: Vec::new(),
            };
            serde_json::to_value(&to_couch(&push)[0]).expect("a document is JSON")
        })
        .collect()
}
