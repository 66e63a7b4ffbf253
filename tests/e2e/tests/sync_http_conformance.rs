//! The conformance check of docs/SYNC-HTTP.md (`scripts/check-sync-server.sh`) against the suite's own
//! protocol server and against the deliberately minimal one in `docs/sync-server.py` (Python's standard
//! library only): both pass every point. A server that is not one (the app's static host) fails it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use e2e::conformance::check_server;
use e2e::{dist_dir, free_port, HttpSyncServer, StaticServer};

const TOKEN: &str = "conformance-token";

/// `docs/sync-server.py` on a free port, killed on drop.
struct PythonServer {
    child: Child,
    url: String,
}

impl PythonServer {
    fn start() -> PythonServer {
        let port = free_port();
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/sync-server.py");
        let child = Command::new("python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--token", TOKEN])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs docs/sync-server.py");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "docs/sync-server.py did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        PythonServer { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn failures(url: &str, token: Option<&str>) -> Vec<String> {
    let checks = check_server(url, token);
    assert!(checks.len() >= 13, "every point is checked: {checks:?}");
    checks.into_iter().filter_map(|c| c.outcome.err().map(|why| format!("{}: {why}", c.name))).collect()
}

#[test]
fn the_suites_protocol_server_passes_the_conformance_check() {
    let server = HttpSyncServer::start(TOKEN);
    assert_eq!(failures(&server.url, Some(TOKEN)), Vec::<String>::new());
}

#[test]
fn the_minimal_python_server_passes_the_conformance_check() {
    let server = PythonServer::start();
    assert_eq!(failures(&server.url, Some(TOKEN)), Vec::<String>::new());
}

#[test]
fn a_server_that_does_not_speak_the_protocol_fails_it_with_reasons() {
    let site = StaticServer::start(&dist_dir());
    let failed = failures(&site.url, None);
    assert!(failed.iter().any(|f| f.starts_with("GET /info names protocol 2")), "{failed:?}");
    assert!(failed.iter().any(|f| f.contains("push")), "{failed:?}");
}
