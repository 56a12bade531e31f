//! The finishing pass over the generated document: what every route shares (the headers
//! of every answer, the consistency token, the wording of operations), and what utoipa's
//! annotations cannot say (a file body is a string of bytes, not an array of integers), so
//! that generated clients type every answer and OpenAPI linters find nothing to report.

use serde_json::{json, Map, Value};
use utoipa::openapi::OpenApi;

/// The methods a path item can hold operations under.
const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// A consistency token: the decimal global position of an event (see the token contract).
const TOKEN_PATTERN: &str = "^[0-9]{1,19}$";

/// Media types whose bodies are JSON; any other body the handlers read or write as bytes.
fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// The document with the finishing pass applied.
pub fn polish(openapi: OpenApi) -> anyhow::Result<OpenApi> {
    let mut document = serde_json::to_value(openapi)?;
    // Relative: the document is served by the server it describes, wherever that runs.
    document["servers"] =
        json!([{ "url": "/", "description": "The server serving this document" }]);
    document["info"]["contact"] = json!({ "name": "The network's secretariat" });
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        super::types::refine(schemas);
        super::examples::add(schemas);
    }
    let paths = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| anyhow::anyhow!("the OpenAPI document has no paths"))?;
    for (path, item) in paths.iter_mut() {
        let under_api = path.starts_with("/api/v1/");
        for method in METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            // A route without a bearer token (health, a capability key in the path) says so.
            operation.entry("security").or_insert_with(|| json!([]));
            reword(operation);
            for content in contents(operation) {
                binary_bytes(content);
            }
            if method == "get" && under_api {
                consistency_parameter(operation);
            }
            let paged = takes_cursor(operation);
            answer_headers(operation, method != "get" && under_api, paged);
        }
    }
    Ok(serde_json::from_value(document)?)
}

/// The doc comment, wrapped as written, becomes the description; the summary becomes a
/// short title read from the operation id ("advance_application": "Advance application").
fn reword(operation: &mut Map<String, Value>) {
    let text = [operation.remove("summary"), operation.remove("description")]
        .into_iter()
        .flatten()
        .filter_map(|part| part.as_str().map(str::to_owned))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut title = id.replace('_', " ");
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    operation.insert("summary".to_owned(), Value::String(title.clone()));
    let description = if text.is_empty() {
        title
    } else {
        unwrap(&text)
    };
    operation.insert("description".to_owned(), Value::String(description));
}

/// Joins hard-wrapped lines of a doc comment; a blank line still parts paragraphs.
fn unwrap(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Every media-type object of the operation's request body and answers.
fn contents(operation: &mut Map<String, Value>) -> Vec<(&String, &mut Value)> {
    let mut found = Vec::new();
    for (key, value) in operation.iter_mut() {
        let holders: Vec<&mut Value> = match key.as_str() {
            "requestBody" => vec![value],
            "responses" => value
                .as_object_mut()
                .map(|responses| responses.values_mut().collect())
                .unwrap_or_default(),
            _ => continue,
        };
        for holder in holders {
            if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
                found.extend(content.iter_mut());
            }
        }
    }
    found
}

/// utoipa describes `Vec<u8>` as an array of integers, which clients then send and parse
/// as JSON; a body that is not JSON is the file's own bytes.
fn binary_bytes((media_type, content): (&String, &mut Value)) {
    if is_json(media_type) || media_type.starts_with("text/") {
        return;
    }
    let items_are_integers =
        content["schema"]["type"] == "array" && content["schema"]["items"]["type"] == "integer";
    if items_are_integers {
        content["schema"] = json!({ "type": "string", "format": "binary" });
    }
}

/// The optional `Consistency-Token` request header every read under `/api/v1` honours.
fn consistency_parameter(operation: &mut Map<String, Value>) {
    let parameters = operation.entry("parameters").or_insert_with(|| json!([]));
    if let Some(parameters) = parameters.as_array_mut() {
        parameters.push(json!({
            "name": "Consistency-Token",
            "in": "header",
            "required": false,
            "description": "The `Consistency-Token` of a command's answer: the read waits \
                (bounded by the server's longest read wait, then 503 with `Retry-After`) \
                until what it reads reflects that command. Without it, a read waits for the \
                caller's own latest write. A malformed token is refused with 400.",
            "schema": { "type": "string", "pattern": TOKEN_PATTERN },
            "example": "1042"
        }));
    }
}

/// The headers answers carry: `X-Request-Id` on every one, `Retry-After` on a 503 or 429
/// problem, `Consistency-Token` and `Idempotent-Replayed` on a command's success,
/// `Location` on 201, `Content-Disposition` on a file, and `Link` on a page of a list.
fn answer_headers(operation: &mut Map<String, Value>, command: bool, paged: bool) {
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        let is_problem = response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|content| content.contains_key(crate::http::error::PROBLEM_JSON));
        let is_file = response
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|content| content.keys().any(|media_type| !is_json(media_type)));
        let success = status.starts_with('2');
        let tagged = if success && command {
            tag_of_answer(response)
        } else {
            None
        };
        let headers = response.entry("headers").or_insert_with(|| json!({}));
        let Some(headers) = headers.as_object_mut() else {
            continue;
        };
        headers.insert("X-Request-Id".to_owned(), request_id());
        if (status == "503" || status == "429") && is_problem {
            headers.insert("Retry-After".to_owned(), retry_after());
        }
        if success && command {
            headers.insert("Consistency-Token".to_owned(), consistency_token());
            headers.insert("Idempotent-Replayed".to_owned(), replayed());
        }
        if let Some(described) = tagged {
            headers
                .entry("ETag")
                .or_insert_with(|| header(described, "string"));
        }
        if paged && status == "200" {
            headers.entry("Link").or_insert_with(|| {
                header(
                    "The next page, when there is one: `<URL>; rel=\"next\"` (RFC 8288), \
                     the same filters and limit with the `cursor` the body names as `next`",
                    "string",
                )
            });
        }
        if status == "201" {
            headers
                .entry("Location")
                .or_insert_with(|| header("The URL of what the command created", "string"));
        }
        if success && is_file && !command {
            headers.entry("Content-Disposition").or_insert_with(|| {
                header(
                    "`attachment`, with the file's name (`filename` and `filename*`)",
                    "string",
                )
            });
        }
    }
}

/// Whether the operation pages its list: it takes a `cursor`.
fn takes_cursor(operation: &Map<String, Value>) -> bool {
    operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|parameters| parameters.iter().any(|p| p["name"] == "cursor"))
}

/// What the `ETag` of a command's answer names, when the answer is one that carries it:
/// a `CommandAccepted` (`routes::accepted`), a `VoteAccepted` or a `PersonAccepted`.
fn tag_of_answer(response: &Map<String, Value>) -> Option<&'static str> {
    let schema = response
        .get("content")
        .and_then(|content| content.get("application/json"))
        .and_then(|json| json["schema"]["$ref"].as_str())?;
    match schema.strip_prefix("#/components/schemas/")? {
        "CommandAccepted" => {
            Some("The application's version after the command, quoted, for `If-Match`")
        }
        "VoteAccepted" => Some("The vote's version after the command, quoted, for `If-Match`"),
        "PersonAccepted" => Some(
            "The person's own version after the command, quoted, for `If-Match` (another \
             person's change does not move it)",
        ),
        _ => None,
    }
}

fn header(description: &str, kind: &str) -> Value {
    json!({ "description": description, "schema": { "type": kind } })
}

fn request_id() -> Value {
    json!({
        "description": "The request's id: the client's `X-Request-Id` when it sent a plain \
            one (1 to 128 letters, digits and `-_.:`), else a new UUID. Problems quote it \
            and the logs carry it.",
        "required": true,
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$" }
    })
}

fn retry_after() -> Value {
    json!({
        "description": "Seconds to wait before retrying",
        "schema": { "type": "integer", "minimum": 0 }
    })
}

fn consistency_token() -> Value {
    json!({
        "description": "When the command recorded events: an opaque token for them. Sent \
            as the `Consistency-Token` header of a read, the read reflects this command.",
        "schema": { "type": "string", "pattern": TOKEN_PATTERN }
    })
}

fn replayed() -> Value {
    json!({
        "description": "`true` when this answer repeats the first answer to the same \
            `Idempotency-Key` and nothing new was written",
        "schema": { "type": "string", "enum": ["true"] }
    })
}
