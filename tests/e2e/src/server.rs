//! A static file server for `dist/` that answers unknown paths with index.html, as Trunk's dev server
//! and a static host with a 404.html copy do.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

/// Serves a directory on 127.0.0.1 until dropped.
pub struct StaticServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    pub url: String,
}

impl StaticServer {
    /// Serves `root` on a free port at `/`.
    pub fn start(root: &Path) -> StaticServer {
        Self::start_at(root, "")
    }

    /// Serves `root` under the sub-path `prefix` (e.g. `/accounts`), as a project page on GitHub Pages is.
    pub fn start_at(root: &Path, prefix: &str) -> StaticServer {
        assert!(
            root.join("index.html").exists(),
            "{} has no index.html: run `trunk build --release` first",
            root.display()
        );
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind"));
        let url = format!("http://{}", server.server_addr().to_ip().expect("ip address"));
        let root = root.to_path_buf();
        let prefix = prefix.trim_end_matches('/').to_string();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let Some(path) = request.url().strip_prefix(prefix.as_str()) else {
                    let _ = request.respond(Response::empty(404));
                    continue;
                };
                let (status, file) = resolve(&root, path);
                let body = std::fs::read(&file).unwrap_or_default();
                let header = Header::from_bytes("Content-Type", content_type(&file)).expect("header");
                let _ = request.respond(Response::from_data(body).with_status_code(status).with_header(header));
            }
        });
        StaticServer { server, thread: Some(thread), url }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The file for a request path: the file itself if it exists, else index.html (a client-side route).
fn resolve(root: &Path, url: &str) -> (u16, PathBuf) {
    let path = url.split(['?', '#']).next().unwrap_or("/").trim_start_matches('/');
    if path.split('/').any(|seg| seg == "..") {
        return (400, root.join("index.html"));
    }
    let candidate = root.join(path);
    if !path.is_empty() && candidate.is_file() {
        (200, candidate)
    } else {
        (200, root.join("index.html"))
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") | Some("webmanifest") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
