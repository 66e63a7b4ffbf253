//! A static file server for `dist/` that answers unknown paths with index.html, as Trunk's dev server
//! and a static host with a 404.html copy do.
//!
//! One thread per connection, one request per connection (`Connection: close`), so that nothing the
//! browser sent waits behind another answer, and once the server is dropped nothing answers at all: the
//! listening socket is closed and no kept-alive connection is left to take requests that never get an
//! answer (a server that kept connections alive stalled Firefox's service worker for 20–40 s while it
//! stored the app, and left the page it loaded after the server was gone half started).

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Serves a directory on 127.0.0.1 until dropped.
pub struct StaticServer {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
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
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("address");
        let site = Arc::new(Site { root: root.to_path_buf(), prefix: prefix.trim_end_matches('/').to_string() });
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = stopping.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let site = site.clone();
                std::thread::spawn(move || site.answer(stream));
            }
            // The listener is dropped here: connections are refused from now on.
        });
        StaticServer { addr, stopping, thread: Some(thread), url: format!("http://{addr}") }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wakes the accepting thread, which then sees it is stopping and closes the listener.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What is served, and under which path.
struct Site {
    root: PathBuf,
    prefix: String,
}

impl Site {
    /// Reads one request from `stream` and answers it with its file, index.html for a client-side route, or
    /// 404 outside the prefix; then closes the connection.
    fn answer(&self, mut stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
        let mut reader = BufReader::new(match stream.try_clone() {
            Ok(s) => s,
            Err(_) => return,
        });
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return; // the wake-up connection of a server being dropped, or a client that gave up
        }
        // The headers, up to the empty line (GET requests have no body to read).
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) => {}
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let (status, body, file) = match target.strip_prefix(self.prefix.as_str()) {
            None => (404, Vec::new(), None),
            Some(path) => {
                let (status, file) = resolve(&self.root, path);
                (status, std::fs::read(&file).unwrap_or_default(), Some(file))
            }
        };
        let reason = match status {
            200 => "OK",
            400 => "Bad Request",
            _ => "Not Found",
        };
        let content_type = file.as_deref().map_or("text/plain", content_type);
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        if method != "HEAD" {
            let _ = stream.write_all(&body);
        }
        let _ = stream.flush();
        let _ = stream.shutdown(Shutdown::Write);
        // Lets the client read to the end before the socket closes (closing with unread request bytes would
        // reset the connection and could cut the answer short).
        let mut rest = [0u8; 512];
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        while matches!(std::io::Read::read(&mut stream, &mut rest), Ok(n) if n > 0) {}
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
