//! HTTP for the remotes, through gloo-net: JSON in and out, the sign-in header, and failures mapped to
//! [`RemoteError`]s (401 asks for credentials; no answer at all means unreachable).

use base64::Engine;
use gloo_net::http::{RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::AbortSignal;

use super::remote::RemoteError;
use super::settings::{AuthKind, SyncSettings};

/// Sends requests with the remote's sign-in.
#[derive(Debug, Clone)]
pub struct Transport {
    authorization: Option<String>,
}

impl Transport {
    /// A transport signing in as `settings` says, with `secret` (password or token).
    pub fn new(settings: &SyncSettings, secret: Option<&str>) -> Transport {
        let authorization = match (settings.auth, secret) {
            (AuthKind::Basic, Some(password)) => {
                let pair = format!("{}:{password}", settings.user.trim());
                Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
            }
            (AuthKind::Bearer, Some(token)) => Some(format!("Bearer {}", token.trim())),
            _ => None,
        };
        Transport { authorization }
    }

    fn prepare(&self, request: RequestBuilder, signal: Option<&AbortSignal>) -> RequestBuilder {
        let request = request.header("Accept", "application/json").abort_signal(signal);
        match &self.authorization {
            Some(value) => request.header("Authorization", value),
            None => request,
        }
    }

    /// Sends `request` (with `body` as JSON when given) and returns the answer if it is a success;
    /// `Ok(None)` for a 404 so callers can tell "missing" from a failure.
    pub async fn send<B: Serialize + ?Sized>(
        &self,
        request: RequestBuilder,
        body: Option<&B>,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<Response>, RemoteError> {
        let request = self.prepare(request, signal);
        let request = match body {
            Some(b) => request.json(b).map_err(|e| RemoteError::Protocol(e.to_string()))?,
            None => request.build().map_err(|e| RemoteError::Protocol(e.to_string()))?,
        };
        let response = request.send().await.map_err(|e| RemoteError::Unreachable(e.to_string()))?;
        match response.status() {
            200..=299 => Ok(Some(response)),
            404 => Ok(None),
            401 | 403 if self.authorization.is_none() || response.status() == 401 => Err(RemoteError::Unauthorized),
            status => {
                let reason = response
                    .json::<serde_json::Value>()
                    .await
                    .ok()
                    .and_then(|v| v.get("reason").or_else(|| v.get("error")).and_then(|r| r.as_str()).map(String::from))
                    .unwrap_or_else(|| response.status_text());
                Err(RemoteError::Http { status, reason })
            }
        }
    }

    /// Like [`send`](Self::send), then reads the answer as `T`; a 404 is an error here.
    pub async fn json<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        request: RequestBuilder,
        body: Option<&B>,
    ) -> Result<T, RemoteError> {
        let missing = || RemoteError::Http { status: 404, reason: "no such database or endpoint".into() };
        let response = self.send(request, body, None).await?.ok_or_else(missing)?;
        read(response).await
    }
}

/// The answer's JSON as `T`.
pub async fn read<T: DeserializeOwned>(response: Response) -> Result<T, RemoteError> {
    response.json::<T>().await.map_err(|e| RemoteError::Protocol(e.to_string()))
}

/// `text` made safe for a URL query value.
pub fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}
