//! What every page of Charter gets in the browser tests: a screenshot and axe-core at
//! desktop size; a visible focus on every element the keyboard can reach, and a role and
//! name on each that is not a control of its own; an error summary whose every link leads
//! to a field; and, on a phone, axe-core again, a second
//! screenshot, a page that fits the screen and no text too small to read.

use super::{Browser, PHONE};
use serde_json::json;

/// Every element in the tab order that shows no focus indicator: its outline and shadow,
/// focused, are not drawn or look as they do unfocused. Each is focused and blurred again
/// without scrolling, and the focus is left where it was.
const FOCUS_UNSEEN: &str = "
const before = document.activeElement;
const look = (e) => {
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|');
};
const drawn = (e) => {
  const s = getComputedStyle(e);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
};
const unseen = [];
const reachable = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
for (const el of document.querySelectorAll(reachable)) {
  if (el.tabIndex < 0 || el.disabled || el.getClientRects().length === 0) { continue; }
  if (document.activeElement && document.activeElement !== document.body) {
    document.activeElement.blur();
  }
  const unfocused = look(el);
  el.focus({ preventScroll: true });
  const what = el.outerHTML.slice(0, 120);
  if (document.activeElement !== el) {
    unseen.push(`${what} (cannot take the focus)`);
  } else if (!drawn(el) || look(el) === unfocused) {
    unseen.push(what);
  }
  el.blur();
}
if (before && before !== document.body) { before.focus({ preventScroll: true }); }
return unseen;";

/// Every element in the tab order that is no control or link of its own and does not say
/// what it is: a role and a name, as a scrolling table's frame needs to be announced.
const STOPS_UNNAMED: &str = "
const controls = ['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY'];
return Array.from(document.querySelectorAll('[tabindex]'))
  .filter((el) => el.tabIndex >= 0 && !controls.includes(el.tagName))
  .filter((el) => !el.getAttribute('role')
    || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || '').trim())
  .map((el) => el.outerHTML.slice(0, 120));";

/// Every link of the error summary whose field is not on the page.
const ERRORS_NOWHERE: &str = "
return Array.from(document.querySelectorAll('.error-summary a'))
  .filter((a) => {
    const href = a.getAttribute('href') || '';
    return !href.startsWith('#') || !document.getElementById(decodeURIComponent(href.slice(1)));
  })
  .map((a) => a.outerHTML);";

/// The page as a phone lays it out: its viewport declaration, the document's width, the
/// window's, and (when the first is wider than the window or the phone, `arguments[0]`)
/// the elements that stick out on the right.
const PHONE_FIT: &str = "
const viewport = document.querySelector('meta[name=viewport]');
const content = document.scrollingElement.scrollWidth;
const width = Math.min(window.innerWidth, arguments[0]);
const sticking = [];
if (content > width) {
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 0.5 && box.left < width) {
      const classes = typeof el.className === 'string' && el.className ? `.${el.className}` : '';
      sticking.push(`<${el.tagName.toLowerCase()}${classes}> to ${Math.round(box.right)}px`);
    }
  }
}
return [viewport ? viewport.content : '', content, width, sticking.slice(-8)];";

/// The smallest text a phone's reader is asked to read, in CSS pixels.
const SMALLEST_TEXT: f64 = 12.0;

/// The texts shown smaller than `arguments[0]` pixels: an element's own text at its
/// computed size, and a drawing's text at the size its drawing is scaled to.
const SMALL_TEXT: &str = "
const least = arguments[0];
const small = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  const el = node.parentElement;
  if (!text || !el || el.getClientRects().length === 0) { continue; }
  if (el.closest('.visually-hidden, .skip-link, option')) { continue; }
  let size = parseFloat(getComputedStyle(el).fontSize);
  if (el instanceof SVGGraphicsElement) {
    const scale = el.getScreenCTM();
    size *= Math.hypot(scale.a, scale.b);
  }
  if (size < least) {
    small.push(`<${el.tagName.toLowerCase()}> ${JSON.stringify(text.slice(0, 40))} at ${size.toFixed(1)}px`);
  }
}
return small.slice(0, 8);";

impl Browser {
    /// What every page of every journey gets: a screenshot and axe-core at desktop size, a
    /// visible focus on each element the keyboard reaches (and a role and name on those that
    /// are no control), an error summary that leads to its fields; then a screenshot and axe-core on a phone, where the page must fit the
    /// screen (it declares a `width=device-width` viewport and nothing in it is wider than
    /// the phone) and its texts be large enough to read.
    pub async fn check_page(&mut self, name: &str) {
        self.screenshot(name).await;
        self.assert_accessible(name).await;
        self.assert_focus_shows(name).await;
        self.assert_errors_lead_to_fields(name).await;
        self.assert_stops_named(name).await;
        let (width, height) = PHONE;
        // A phone, not a narrow window: without a viewport declaration a phone lays a page
        // out 980 pixels wide and shrinks it, and content wider than the screen widens the
        // layout instead of being cut, so only the document's own width tells.
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 0, "mobile": true }),
        )
        .await;
        let fit = self.execute(PHONE_FIT, vec![width.into()]).await;
        let small = self.execute(SMALL_TEXT, vec![SMALLEST_TEXT.into()]).await;
        self.screenshot(&format!("{name}-phone")).await;
        let on_phone = self.violations().await;
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}))
            .await;
        let viewport = fit[0].as_str().unwrap_or_default();
        assert!(
            viewport.contains("width=device-width"),
            "{name} does not declare <meta name=\"viewport\" content=\"width=device-width, \
             initial-scale=1\">, so a phone shows it shrunk (it has {viewport:?})"
        );
        let content = fit[1].as_u64().unwrap_or(u64::MAX);
        let window = fit[2].as_u64().unwrap_or(0);
        assert!(
            content <= u64::from(width) && content <= window,
            "{name} scrolls sideways on a {width}-pixel phone: its content is {content} \
             pixels wide; sticking out: {}",
            fit[3]
        );
        assert_eq!(
            small,
            json!([]),
            "{name} on a phone has text smaller than {SMALLEST_TEXT} pixels"
        );
        if !on_phone.is_empty() {
            let list: String = on_phone.iter().map(ToString::to_string).collect();
            panic!(
                "axe-core finds {} violation(s) on {name} on a phone:\n{list}",
                on_phone.len()
            );
        }
    }

    /// Fails naming each element the keyboard can reach that shows no sign of having the
    /// focus when it has it.
    pub async fn assert_focus_shows(&self, label: &str) {
        let unseen = self.execute(FOCUS_UNSEEN, vec![]).await;
        let unseen: Vec<String> = serde_json::from_value(unseen).unwrap_or_default();
        if !unseen.is_empty() {
            let url = self.current_url().await;
            panic!(
                "on {label} ({url}), {} element(s) show no focus:\n{}",
                unseen.len(),
                unseen.join("\n")
            );
        }
    }

    /// Fails naming each stop of the tab order that is no control or link and lacks a
    /// role or a name: a screen reader would announce it as nothing in particular.
    pub async fn assert_stops_named(&self, label: &str) {
        let unnamed = self.execute(STOPS_UNNAMED, vec![]).await;
        assert_eq!(
            unnamed,
            json!([]),
            "{label} has stops of the tab order that do not say what they are"
        );
    }

    /// Fails if a link of the page's error summary leads to no element of the page: the
    /// reader who follows it would not reach the field to correct.
    pub async fn assert_errors_lead_to_fields(&self, label: &str) {
        let nowhere = self.execute(ERRORS_NOWHERE, vec![]).await;
        let nowhere: Vec<String> = serde_json::from_value(nowhere).unwrap_or_default();
        assert!(
            nowhere.is_empty(),
            "on {label}, the error summary links to no field: {nowhere:?}"
        );
    }
}
