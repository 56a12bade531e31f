//! Forms as a person uses them: a field found by the text of its label (or, failing that,
//! its `name`), a button or link by what it reads, and the next page waited for.
//!
//! Two fields, buttons or links that read the same are a failure rather than a guess:
//! typing into the wrong one would fail later and far from the cause.

use super::{within, Browser};
use fantoccini::elements::Element;
use fantoccini::Locator;

impl Browser {
    /// Types `value` into the field labelled (or named) `field`, replacing what was there.
    pub async fn fill(&mut self, field: &str, value: &str) {
        let element = self.field(field).await;
        element
            .clear()
            .await
            .unwrap_or_else(|error| panic!("clear the field {field:?}: {error}"));
        element
            .send_keys(value)
            .await
            .unwrap_or_else(|error| panic!("type into the field {field:?}: {error}"));
        self.last_field = Some(element);
    }

    /// Chooses the option that reads `option` in the list labelled (or named) `field`.
    pub async fn select(&mut self, field: &str, option: &str) {
        let element = self.field(field).await;
        element
            .select_by_label(option)
            .await
            .unwrap_or_else(|error| panic!("choose {option:?} in {field:?}: {error}"));
        self.last_field = Some(element);
    }

    /// Ticks the checkbox, or chooses the radio button, labelled (or named) `field`.
    pub async fn check(&mut self, field: &str) {
        let element = self.field(field).await;
        if !element.is_selected().await.unwrap_or(false) {
            element
                .click()
                .await
                .unwrap_or_else(|error| panic!("tick {field:?}: {error}"));
        }
        self.last_field = Some(element);
    }

    /// Presses the button that reads `text` and waits for the page it leads to.
    pub async fn click_button(&mut self, text: &str) {
        let text_literal = literal(text);
        let xpath = format!(
            "//button[normalize-space(.)={text_literal}] \
             | //input[(@type='submit' or @type='button') and @value={text_literal}]"
        );
        let button = self.one(&xpath, &format!("a button {text:?}")).await;
        self.click_and_wait_for_page(button, &format!("clicking the button {text:?}"))
            .await;
    }

    /// Follows the link that reads `text` and waits for the page it leads to.
    pub async fn click_link(&mut self, text: &str) {
        let xpath = format!("//a[normalize-space(.)={}]", literal(text));
        let link = self.one(&xpath, &format!("a link {text:?}")).await;
        self.click_and_wait_for_page(link, &format!("clicking the link {text:?}"))
            .await;
    }

    /// Submits the form of the field filled last (or the page's only form) as pressing
    /// Enter would, with its first submit button, and waits for the page it leads to.
    pub async fn submit(&mut self) {
        let form = match self.last_field.take() {
            Some(field) => field
                .find(Locator::XPath("./ancestor::form[1]"))
                .await
                .unwrap_or_else(|error| panic!("the form of the field filled last: {error}")),
            None => self.one("//form", "the page's only form").await,
        };
        let button = form
            .find(Locator::XPath(
                ".//button[not(@type) or @type='submit'] | .//input[@type='submit']",
            ))
            .await
            .unwrap_or_else(|error| panic!("a submit button in the form: {error}"));
        self.click_and_wait_for_page(button, "clicking the form's submit button")
            .await;
    }

    /// The field labelled `field`, or else named `field`, waited for.
    async fn field(&self, field: &str) -> Element {
        let what = format!("a field labelled or named {field:?}");
        let found = self
            .wait_until(&what, async || self.find_field(field).await.transpose())
            .await;
        found.unwrap_or_else(|ambiguous| panic!("{ambiguous}"))
    }

    /// `Ok(None)` while there is no such field yet; `Err` when several match.
    async fn find_field(&self, field: &str) -> Result<Option<Element>, String> {
        let text = literal(field);
        let exact = format!("//label[normalize-space(.)={text}]");
        // A label may carry a hint or a "(required)" after its name.
        let starting = format!("//label[starts-with(normalize-space(.), {text})]");
        for xpath in [exact, starting] {
            let labels = self.all(&xpath).await;
            match labels.as_slice() {
                [] => continue,
                [label] => return Ok(labelled(&self.client, label).await),
                _ => return Err(format!("{} labels read {field:?}", labels.len())),
            }
        }
        let named = format!(
            "//*[(self::input and not(@type='hidden')) or self::select or self::textarea]\
             [@name={text}]"
        );
        match self.all(&named).await.as_slice() {
            [] => Ok(None),
            [element] => Ok(Some(element.clone())),
            several => Err(format!(
                "{} fields are named {field:?}: name one by its label",
                several.len()
            )),
        }
    }

    /// The one element `xpath` finds, waited for; several are a failure.
    async fn one(&self, xpath: &str, what: &str) -> Element {
        let found = self
            .wait_until(what, async || {
                let mut elements = self.all(xpath).await;
                match elements.len() {
                    0 => None,
                    1 => Some(Ok(elements.remove(0))),
                    n => Some(Err(format!("{n} elements match {what}"))),
                }
            })
            .await;
        found.unwrap_or_else(|ambiguous| panic!("{ambiguous}"))
    }

    async fn all(&self, xpath: &str) -> Vec<Element> {
        within(
            "finding elements",
            self.client.find_all(Locator::XPath(xpath)),
        )
        .await
        .unwrap_or_default()
    }

    /// Clicks `element` and waits until the page it was on has been replaced by a new one
    /// that has finished loading.
    async fn click_and_wait_for_page(&mut self, element: Element, what: &str) {
        let before = self.page_now(what).await;
        within(what, element.click())
            .await
            .unwrap_or_else(|error| panic!("{what}: {error}"));
        self.wait_for_next_page(before, what).await;
    }

    /// The page shown, to wait for its replacement after `what`.
    pub(super) async fn page_now(&mut self, what: &str) -> Element {
        self.last_field = None;
        self.client
            .find(Locator::Css("html"))
            .await
            .unwrap_or_else(|error| panic!("the page before {what}: {error}"))
    }

    /// Waits until `before` has been replaced by a new page that has finished loading.
    pub(super) async fn wait_for_next_page(&self, before: Element, what: &str) {
        let gone = format!("a new page after {what}");
        self.wait_until(&gone, async || match before.tag_name().await {
            Err(error) if error.is_stale_element_reference() || error.is_no_such_element() => {
                Some(())
            }
            _ => None,
        })
        .await;
        self.wait_until("the new page to finish loading", async || {
            let state = self.execute("return document.readyState;", vec![]).await;
            (state == "complete").then_some(())
        })
        .await;
    }
}

/// The control a label is for: by its `for`, or the one inside it.
async fn labelled(client: &fantoccini::Client, label: &Element) -> Option<Element> {
    match label.attr("for").await.ok().flatten() {
        Some(id) => client.find(Locator::Id(&id)).await.ok(),
        None => label
            .find(Locator::XPath(".//input | .//select | .//textarea"))
            .await
            .ok(),
    }
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
