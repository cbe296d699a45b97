//! Plain axum routes: the JSON API, the form posts of the pages, the slip sheet, health.

pub mod api;
pub mod forms;
pub mod hall;
pub mod health;
pub mod paper_sheet;
pub mod print;
pub mod public_notice;
pub mod reconciliation;
pub mod signed;
pub mod slips;

use crate::middleware::client_ip;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use std::{
    convert::Infallible,
    net::{IpAddr, SocketAddr},
};

/// HTTP settings handlers read from the request extensions.
#[derive(Clone, Debug, Default)]
pub struct HttpConfig {
    /// Take the client address from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Cookies set by plain handlers get `Secure`.
    pub secure_cookies: bool,
    /// The public address (`MINPING_PUBLIC_URL`) for links printed on code slips.
    pub public_url: Option<String>,
}

/// Extractor for the client's address (see [`client_ip`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let trust = parts.extensions.get::<HttpConfig>().is_some_and(|c| c.trust_proxy);
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(ClientIp(client_ip(&parts.headers, peer, trust)))
    }
}
