//! Which receivers a webhook may be sent to. A URL whose host resolves to a loopback,
//! private, link-local, carrier-grade NAT, multicast or unspecified address is refused
//! (server-side request forgery: a subscription must not make this server call into
//! the bureau's own network) unless the host is on `WEBHOOK_ALLOWED_HOSTS`. The check
//! runs when a subscription is saved and again before every attempt, and the attempt
//! goes to the address checked, so a name that changes its answer is caught.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

/// A receiver that may be called: its host and the addresses it resolved to.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: reqwest::Url,
    pub host: String,
    pub addrs: Vec<SocketAddr>,
}

/// Why a receiver URL is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refused {
    #[error("the URL is not an absolute http(s) URL")]
    NotHttp,
    #[error("the URL must not carry a user name or password")]
    Credentials,
    #[error("the host {0} does not resolve")]
    Unresolved(String),
    #[error("the host {host} resolves to {addr}, an address on a loopback or private network")]
    Private { host: String, addr: IpAddr },
}

impl Refused {
    /// The stable code of the refusal, for the problem's field error.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::NotHttp | Refused::Credentials => "invalid_url",
            Refused::Unresolved(_) => "unresolved_host",
            Refused::Private { .. } => "private_address",
        }
    }
}

/// True for addresses a webhook must not reach unless allowed.
pub fn is_internal(addr: IpAddr) -> bool {
    match addr {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                // 100.64.0.0/10, carrier-grade NAT.
                || (a == 100 && (64..128).contains(&b))
                // 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved.
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            let octets = v6.octets();
            let embedded = |at: usize| {
                IpAddr::V4(std::net::Ipv4Addr::new(
                    octets[at],
                    octets[at + 1],
                    octets[at + 2],
                    octets[at + 3],
                ))
            };
            // Addresses that carry an IPv4 address: IPv4-compatible ::a.b.c.d, NAT64
            // 64:ff9b::/96, 6to4 2002::/16. They reach what the IPv4 address reaches.
            if seg[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified() {
                return is_internal(embedded(12));
            }
            if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return is_internal(embedded(12));
            }
            if seg[0] == 0x2002 {
                return is_internal(embedded(2));
            }
            let first = seg[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first & 0xffc0) == 0xfec0
        }
    }
}

/// How long resolving a receiver's host may take.
pub const RESOLVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// [`check`] off the async executor, given up after [`RESOLVE_TIMEOUT`] (a resolver
/// that does not answer must not hold a request or a delivery pass).
pub async fn check_async(url: String, allowed: Vec<String>) -> Result<Target, Refused> {
    let host = url.clone();
    let resolving = actix_web::web::block(move || check(&url, &allowed));
    match tokio::time::timeout(RESOLVE_TIMEOUT, resolving).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => Err(Refused::Unresolved(host)),
    }
}

/// Parses and resolves `url` (blocking: call it off the async executor) and refuses it
/// if it reaches an internal address not allowed by `allowed` (lower-case hosts).
pub fn check(url: &str, allowed: &[String]) -> Result<Target, Refused> {
    let parsed = reqwest::Url::parse(url.trim()).map_err(|_| Refused::NotHttp)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Refused::NotHttp);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Refused::Credentials);
    }
    let host = parsed
        .host_str()
        .ok_or(Refused::NotHttp)?
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let port = parsed.port_or_known_default().ok_or(Refused::NotHttp)?;
    let addrs: Vec<SocketAddr> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|_| Refused::Unresolved(host.clone()))?
        .collect();
    if addrs.is_empty() {
        return Err(Refused::Unresolved(host));
    }
    let allowed_host = allowed.contains(&host);
    if !allowed_host {
        if let Some(addr) = addrs.iter().find(|a| is_internal(a.ip())) {
            return Err(Refused::Private {
                host,
                addr: addr.ip(),
            });
        }
    }
    Ok(Target {
        url: parsed,
        host,
        addrs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        for url in [
            "http://127.0.0.1:9/hook",
            "http://localhost/hook",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[2002:c0a8:0101::1]/",
            "http://[fec0::1]/",
            "http://198.18.0.1/",
            "http://240.0.0.1/",
            "http://0.0.0.0/",
        ] {
            assert!(
                matches!(check(url, &[]), Err(Refused::Private { .. })),
                "{url} must be refused"
            );
        }
        assert!(check("http://127.0.0.1:9/hook", &["127.0.0.1".into()]).is_ok());
        assert_eq!(
            check("ftp://example.org/", &[]).unwrap_err(),
            Refused::NotHttp
        );
        assert_eq!(
            check("http://u:p@8.8.8.8/", &[]).unwrap_err(),
            Refused::Credentials
        );
        assert!(
            check("https://8.8.8.8/hook", &[]).is_ok(),
            "a public address"
        );
    }
}
