//! A foreign CouchDB peer: PouchDB 9 in Node (`peer/peer.js`, installed by the test setup) with its own
//! database on disk, replicating to and from a pouchdb-server database the way every PouchDB does —
//! with `new_edits=false`, so its concurrent edits become conflict branches on the server.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// One PouchDB peer with its database, removed on drop.
pub struct Peer {
    dir: PathBuf,
    db_url: String,
}

impl Peer {
    /// A peer with an empty database that replicates with `db_url` (a pouchdb-server database).
    pub fn new(db_url: &str) -> Peer {
        let dir = std::env::temp_dir().join(format!("e2e-peer-{}-{}", std::process::id(), crate::free_port()));
        Peer { dir, db_url: db_url.to_string() }
    }

    fn run(&self, args: &[&str]) -> Value {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/peer.js");
        let out = Command::new("node")
            .arg(script)
            .arg(&self.dir)
            .args(args)
            .output()
            .expect("node runs (scripts/setup.sh --browser installs PouchDB 9 into tests/e2e/peer)");
        assert!(out.status.success(), "peer {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }

    /// Replicates the server's database into the peer's.
    pub fn pull(&self) {
        self.run(&["pull", &self.db_url]);
    }

    /// Replicates the peer's database to the server (`new_edits=false`).
    pub fn push(&self) {
        self.run(&["push", &self.db_url]);
    }

    /// Sets the field at `path` (`/data/company/company_name`) of the peer's copy of `id`.
    pub fn set(&self, id: &str, path: &str, value: Value) {
        self.run(&["set", id, path, &value.to_string()]);
    }

    /// Sets the field at `path` of every document of the peer's whose id starts with `prefix`.
    pub fn set_all(&self, prefix: &str, path: &str, value: Value) {
        self.run(&["set-all", prefix, path, &value.to_string()]);
    }

    /// Sets the field at `path` of every document of the peer's whose id starts with `prefix` and that has no
    /// conflicting leaves in the peer's database (as a client that resolves its own conflicts would); returns
    /// the ids of those it changed.
    pub fn set_all_settled(&self, prefix: &str, path: &str, value: Value) -> Vec<String> {
        let answer = self.run(&["set-all-settled", prefix, path, &value.to_string()]);
        let ids = answer["ids"].as_array().cloned().unwrap_or_default();
        ids.into_iter().filter_map(|id| id.as_str().map(String::from)).collect()
    }

    /// Removes the field at `path` of the peer's copy of `id`.
    pub fn unset(&self, id: &str, path: &str) {
        self.run(&["unset", id, path]);
    }

    /// Writes a new document into the peer's database.
    pub fn put(&self, doc: Value) {
        self.run(&["put", &doc.to_string()]);
    }

    /// Deletes the peer's copies of `ids` that have no conflicting leaves in the peer's database; returns the
    /// ids of those it deleted.
    pub fn delete_settled(&self, ids: &[String]) -> Vec<String> {
        let mut args = vec!["delete-settled"];
        args.extend(ids.iter().map(String::as_str));
        let answer = self.run(&args);
        let ids = answer["ids"].as_array().cloned().unwrap_or_default();
        ids.into_iter().filter_map(|id| id.as_str().map(String::from)).collect()
    }

    /// Whether the peer holds a live document `id`.
    pub fn exists(&self, id: &str) -> bool {
        self.run(&["exists", id]) == Value::Bool(true)
    }

    /// Deletes the peer's copy of `id`.
    pub fn delete(&self, id: &str) {
        self.run(&["delete", id]);
    }

    /// The peer's copy of `id`, with `_conflicts` when it has any.
    pub fn get(&self, id: &str) -> Value {
        self.run(&["get", id])
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
