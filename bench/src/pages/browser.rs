//! A browser as far as the pages need one: keeps the session cookie, sends the form key,
//! and signs in with the code the server mailed into its maildir.

use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// One person's browser, signed in or not.
#[derive(Debug, Clone)]
pub struct Browser {
    http: reqwest::Client,
    base_url: String,
    cookies: BTreeMap<String, String>,
}

/// What a page answered, and how long it took to the last byte.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub latency: Duration,
}

impl Browser {
    /// A browser without cookies; `http` must not follow redirects (a redirect's cookie
    /// would be lost).
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        Self {
            http,
            base_url: base_url.to_owned(),
            cookies: BTreeMap::new(),
        }
    }

    /// `GET path`, timed.
    pub async fn get(&mut self, path: &str) -> anyhow::Result<Answer> {
        let request = self.http.get(format!("{}{path}", self.base_url));
        self.send(request).await
    }

    /// Posts `fields` and the form key of the page at `form_page` to `action`.
    pub async fn submit(
        &mut self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> anyhow::Result<Answer> {
        let page = self.get(form_page).await?;
        let key = form_key(&page.body).with_context(|| format!("{form_page} has no form key"))?;
        let mut body: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("{name}={}", encode(value)))
            .collect();
        body.push(format!("csrf={}", encode(&key)));
        let request = self
            .http
            .post(format!("{}{action}", self.base_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.join("&"));
        self.send(request).await
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> anyhow::Result<Answer> {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let request = if cookie.is_empty() {
            request
        } else {
            request.header("cookie", cookie.join("; "))
        };
        let started = Instant::now();
        let response = request.send().await?;
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap_or_default().split(';').next();
            if let Some((name, value)) = pair.and_then(|pair| pair.split_once('=')) {
                self.cookies
                    .insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let body = response.text().await?;
        Ok(Answer {
            status,
            body,
            latency: started.elapsed(),
        })
    }

    /// Signs in as the person `address` belongs to, with the code mailed into `maildir`.
    pub async fn sign_in(&mut self, address: &str, maildir: &Path) -> anyhow::Result<()> {
        let asked = SystemTime::now() - Duration::from_secs(1);
        let answer = self
            .submit("/sign-in", "/sign-in", &[("address", address)])
            .await?;
        if answer.status != 303 {
            bail!("asking a code for {address} answered {}", answer.status);
        }
        let code = wait_for_code(maildir, address, asked).await?;
        let answer = self
            .submit("/sign-in/code", "/sign-in/code", &[("code", &code)])
            .await?;
        if answer.status != 303 {
            bail!("the code for {address} answered {}", answer.status);
        }
        Ok(())
    }
}

/// The value of the page's hidden `csrf` input.
fn form_key(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?;
    Some(value.split('"').next()?.to_owned())
}

/// Percent-encodes a form value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Waits up to 30 s for a message to `address` written after `since`, and reads the
/// six-digit code at the end of its subject.
async fn wait_for_code(maildir: &Path, address: &str, since: SystemTime) -> anyhow::Result<String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        for file in messages(maildir, since) {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let headers = text.split("\r\n\r\n").next().unwrap_or_default();
            let to_them = headers.lines().any(|line| {
                line.to_ascii_lowercase().starts_with("to:")
                    && line
                        .to_ascii_lowercase()
                        .contains(&address.to_ascii_lowercase())
            });
            if let (true, Some(code)) = (to_them, code_in(&text)) {
                return Ok(code);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!(
        "no sign-in code for {address} reached {}",
        maildir.display()
    )
}

/// The maildir's messages written after `since`.
fn messages(maildir: &Path, since: SystemTime) -> Vec<PathBuf> {
    ["new", "cur"]
        .iter()
        .filter_map(|folder| std::fs::read_dir(maildir.join(folder)).ok())
        .flatten()
        .flatten()
        .filter(|entry| {
            entry
                .metadata()
                .and_then(|meta| meta.modified())
                .is_ok_and(|at| at >= since)
        })
        .map(|entry| entry.path())
        .collect()
}

/// The six-digit code a sign-in message carries: the first run of exactly six digits
/// after "sign-in page" in its text, read through either transfer encoding.
fn code_in(message: &str) -> Option<String> {
    let quoted = unquote(message);
    [quoted]
        .into_iter()
        .chain(base64_parts(message))
        .find_map(|text| {
            let after = &text[text.find("sign-in page")?..];
            after
                .split(|c: char| !c.is_ascii_digit())
                .find(|run| run.len() == 6)
                .map(str::to_owned)
        })
}

/// The message with quoted-printable escapes and soft line breaks undone.
fn unquote(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded bodies of the message's base64 parts.
fn base64_parts(message: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut lines = message.lines();
    while let Some(line) = lines.next() {
        if !line
            .to_ascii_lowercase()
            .starts_with("content-transfer-encoding: base64")
        {
            continue;
        }
        let body: String = lines
            .by_ref()
            .skip_while(|line| !line.trim().is_empty())
            .skip(1)
            .take_while(|line| !line.trim().is_empty() && !line.starts_with("--"))
            .collect();
        parts.push(String::from_utf8_lossy(&base64(&body)).into_owned());
    }
    parts
}

/// Standard base64, padding and anything else not of the alphabet skipped.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for six in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(six);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xFF) as u8);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{code_in, encode, form_key};

    #[test]
    fn the_form_key_is_read_from_the_hidden_input() {
        let html =
            r#"<form><input type="hidden" name="csrf" value="k3y-1"><input name="a"></form>"#;
        assert_eq!(form_key(html).as_deref(), Some("k3y-1"));
    }

    #[test]
    fn a_form_value_is_percent_encoded() {
        assert_eq!(encode("ana@lisbon.example"), "ana%40lisbon.example");
    }

    #[test]
    fn the_code_is_the_six_digits_after_the_sign_in_page() {
        let mail = "Subject: x\r\n\r\nEnter this code on the sign-in page: 042917\r\n";
        assert_eq!(code_in(mail).as_deref(), Some("042917"));
        let quoted = "\r\n\r\nEnter this code on the sign-in page: =E2=81=A8042917=E2=81=A9\r\n";
        assert_eq!(code_in(quoted).as_deref(), Some("042917"));
        let encoded = "Content-Transfer-Encoding: base64\r\n\r\nc2lnbi1pbiBwYWdlOiAxMjM0NTY=\r\n";
        assert_eq!(code_in(encoded).as_deref(), Some("123456"));
    }
}
