//! The keyboard alone: keys pressed through WebDriver's actions, as a person presses them,
//! with no element clicked or focused by a script; the element that has the focus, and
//! whether a person can see that it has it.
//!
//! Every Tab checks what a keyboard user relies on: the focus moved (no trap), the element
//! it reached is on the screen, and its outline or shadow differs from the same element
//! unfocused.

use super::{within, Browser};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde::Deserialize;
use std::fmt;

/// How many Tabs a search for an element may take before it fails: more than any page of
/// Charter has stops, so reaching it means the element is not in the tab order.
const MOST_TABS: usize = 300;
/// How many parts Tab may pass within one field before the field counts as a trap: a
/// date and time has six at most (day, month, year, hours, minutes, AM or PM).
const MOST_PARTS: usize = 8;

/// Describes `document.activeElement` (null for the body), and measures its focus
/// indicator: its look focused, then blurred, then focused again without scrolling. Only
/// the measurement touches the focus; the element was reached by the keyboard, and is
/// focused again where it was.
const FOCUSED: &str = "
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) { return null; }
const path = (e) => {
  const parts = [];
  for (; e && e.nodeType === 1 && e !== document.documentElement; e = e.parentElement) {
    let n = 1;
    for (let s = e.previousElementSibling; s; s = s.previousElementSibling) {
      if (s.tagName === e.tagName) { n += 1; }
    }
    parts.unshift(`${e.tagName.toLowerCase()}:nth-of-type(${n})`);
  }
  return parts.join('>');
};
const look = (e) => {
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|');
};
const drawn = (e) => {
  const s = getComputedStyle(e);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
};
const focusedLook = look(el);
const focusedDrawn = drawn(el);
// Focusing a date or time field again would put the focus back on its first part, so
// there the outline drawn is all that is measured.
const parted = el.tagName === 'INPUT' && ['date', 'datetime-local', 'time'].includes(el.type);
let unfocusedLook = '';
if (!parted) {
  el.blur();
  unfocusedLook = look(el);
  el.focus({ preventScroll: true });
}
const box = el.getBoundingClientRect();
const label = (el.labels && el.labels.length ? el.labels[0].innerText : el.innerText || el.value || '');
return {
  path: path(el),
  tag: el.tagName.toLowerCase(),
  id: el.id || '',
  name: el.getAttribute('name') || '',
  kind: el.getAttribute('type') || '',
  value: el.value === undefined ? '' : String(el.value),
  label: label.replace(/\\s+/g, ' ').trim(),
  classes: el.className && el.className.baseVal === undefined ? el.className : '',
  indicated: focusedDrawn && focusedLook !== unfocusedLook,
  on_screen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < window.innerHeight && box.left < window.innerWidth,
  in_main: !!el.closest('main'),
};";

/// How many stops the page's tab order has: the elements Tab can reach that are shown, a
/// group of radio buttons counting once, as Tab passes a group in one step.
const TAB_STOPS: &str = "
const reachable = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
const groups = new Set();
let stops = 0;
for (const el of document.querySelectorAll(reachable)) {
  if (el.tabIndex < 0 || el.disabled || el.getClientRects().length === 0) { continue; }
  if (el.type === 'radio' && el.name) {
    const group = `${el.form ? Array.from(document.forms).indexOf(el.form) : -1}/${el.name}`;
    if (groups.has(group)) { continue; }
    groups.add(group);
  }
  stops += 1;
}
return stops;";

/// The element that has the focus, as a person at the keyboard meets it.
#[derive(Debug, Clone, Deserialize)]
pub struct Focused {
    /// Where it is in the document: tells two elements that read the same apart.
    pub path: String,
    /// Its tag, in lower case (`a`, `button`, `textarea`).
    pub tag: String,
    pub id: String,
    pub name: String,
    /// Its `type` attribute (`radio`, `submit`), if any.
    pub kind: String,
    /// A field's value.
    pub value: String,
    /// What it reads: its label's text for a field, its own text for a link or button.
    pub label: String,
    /// Its class attribute.
    pub classes: String,
    /// Whether its outline or shadow, focused, is drawn and differs from its unfocused one.
    pub indicated: bool,
    /// Whether it lies in the window, so that the indicator can be seen at all.
    pub on_screen: bool,
    /// Whether it is inside `<main>`.
    pub in_main: bool,
}

impl Focused {
    /// Whether Tab moves through parts of this field before leaving it: the day, month,
    /// year and time of a date or time field.
    pub fn segmented(&self) -> bool {
        self.tag == "input" && matches!(self.kind.as_str(), "date" | "datetime-local" | "time")
    }
}

impl fmt::Display for Focused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}", self.tag)?;
        if !self.id.is_empty() {
            write!(f, " id={:?}", self.id)?;
        }
        if !self.kind.is_empty() {
            write!(f, " type={:?}", self.kind)?;
        }
        write!(f, "> {:?}", self.label)
    }
}

impl Browser {
    /// Presses and releases `key`.
    pub async fn press(&self, key: Key) {
        self.keys(&[key.into()], false).await;
    }

    /// Presses `key` with Shift held down (Shift+Tab).
    pub async fn press_shifted(&self, key: Key) {
        self.keys(&[key.into()], true).await;
    }

    /// Types `text` into whatever has the focus, key by key.
    pub async fn type_text(&self, text: &str) {
        let keys: Vec<char> = text.chars().collect();
        self.keys(&keys, false).await;
    }

    async fn keys(&self, keys: &[char], shifted: bool) {
        let shift: char = Key::Shift.into();
        let mut actions = KeyActions::new("keyboard".to_owned());
        if shifted {
            actions = actions.then(KeyAction::Down { value: shift });
        }
        for &value in keys {
            actions = actions
                .then(KeyAction::Down { value })
                .then(KeyAction::Up { value });
        }
        if shifted {
            actions = actions.then(KeyAction::Up { value: shift });
        }
        within("pressing keys", self.client.perform_actions(actions))
            .await
            .unwrap_or_else(|error| panic!("press {keys:?}: {error}"));
    }

    /// The element that has the focus, or `None` when it is the page itself.
    pub async fn focused(&self) -> Option<Focused> {
        let answer = self.execute(FOCUSED, vec![]).await;
        serde_json::from_value(answer.clone())
            .unwrap_or_else(|error| panic!("the focused element {answer}: {error}"))
    }

    /// Presses Tab (Shift+Tab when `backwards`) and returns where the focus went, failing
    /// if it stayed put (a trap), left the page, or went somewhere that does not show it.
    pub async fn tab(&self, backwards: bool) -> Focused {
        let before = self.focused().await;
        if backwards {
            self.press_shifted(Key::Tab).await;
        } else {
            self.press(Key::Tab).await;
        }
        let url = self.current_url().await;
        let after = self
            .focused()
            .await
            .unwrap_or_else(|| panic!("after {before:?}, Tab left the page {url}"));
        if let Some(before) = before {
            assert!(
                before.path != after.path || after.segmented(),
                "the focus is trapped on {after} ({url}): Tab does not move it"
            );
        }
        assert!(
            after.on_screen,
            "Tab reached {after} off the screen ({url})"
        );
        assert!(
            after.indicated,
            "Tab reached {after} but nothing shows it has the focus ({url})"
        );
        after
    }

    /// Tabs forwards until the focus is on an element `wanted` accepts, and returns it;
    /// fails, listing the stops passed, if it is not reached.
    pub async fn tab_to(&self, what: &str, wanted: impl Fn(&Focused) -> bool) -> Focused {
        let mut passed = Vec::new();
        for _ in 0..MOST_TABS {
            let focused = self.tab(false).await;
            if wanted(&focused) {
                return focused;
            }
            passed.push(focused.to_string());
        }
        let url = self.current_url().await;
        panic!(
            "{MOST_TABS} Tabs did not reach {what} on {url}; they passed:\n{}",
            passed.join("\n")
        );
    }

    /// Tabs from where the focus is to the end of the page, and fails unless every stop
    /// of the tab order was reached (a radio group is one stop), each showing the focus,
    /// and the focus then left the page or came round again: no trap on the way.
    pub async fn tab_through_page(&self) -> Vec<Focused> {
        let stops = self.execute(TAB_STOPS, vec![]).await.as_u64().unwrap_or(0);
        let url = self.current_url().await;
        let mut seen: Vec<Focused> = Vec::new();
        let mut within_field = 0;
        for _ in 0..MOST_TABS {
            self.press(Key::Tab).await;
            let Some(focused) = self.focused().await else {
                break;
            };
            if seen.first().is_some_and(|first| first.path == focused.path) {
                break;
            }
            assert!(
                focused.on_screen && focused.indicated,
                "Tab reached {focused} on {url}, which does not show it has the focus"
            );
            if seen.last().is_some_and(|last| last.path == focused.path) {
                // Tab moves through a date's parts before it moves on.
                within_field += 1;
                assert!(
                    focused.segmented() && within_field < MOST_PARTS,
                    "the focus is trapped on {focused} ({url}): Tab does not move it"
                );
                continue;
            }
            within_field = 0;
            seen.push(focused);
        }
        let list: Vec<String> = seen.iter().map(ToString::to_string).collect();
        assert_eq!(
            seen.len() as u64,
            stops,
            "on {url}, Tab reached {} of the page's {stops} stops:\n{}",
            seen.len(),
            list.join("\n")
        );
        seen
    }

    /// Presses `key` on what has the focus and waits for the page it leads to.
    pub async fn press_for_next_page(&mut self, key: Key, what: &str) {
        let before = self.page_now(what).await;
        self.press(key).await;
        self.wait_for_next_page(before, what).await;
    }
}
