//! Names and types the Rust fields cannot give the document themselves: the read models
//! keep some values as text or JSON columns (a stage, a motion, a vote's rule), which utoipa
//! can only describe as a string or a free-form object. Here each gets the schema of what
//! it holds, every object its own named schema, and every tagged union a discriminator, so
//! that a generated client types every field and names every model.

use serde_json::{json, Map, Value};

/// What a property the read models keep as text or JSON holds.
enum Holds {
    /// One value of the named schema.
    One(&'static str),
    /// A list of values of the named schema.
    ListOf(&'static str),
}

use Holds::{ListOf, One};

/// Schema, property, and what the property holds.
const REFINED: &[(&str, &str, Holds)] = &[
    ("ApplicantStatus", "next_gate", One("Checklist")),
    ("ApplicantStatus", "stage", One("Stage")),
    ("ApplicationListItem", "appeal", One("AppealStatus")),
    ("ApplicationListItem", "stage", One("Stage")),
    ("AttemptRow", "outcome", One("AttemptOutcome")),
    ("AuditEntry", "data", One("EventFields")),
    ("BrokenLink", "problem", One("BrokenLinkProblem")),
    ("CarriedOut", "result", One("CarriedOutResult")),
    ("DeliveryRow", "status", One("DeliveryStatus")),
    ("DocumentView", "kind", One("DocumentKind")),
    ("Feedback", "scores", One("RubricScores")),
    ("FileReview", "scores", One("RubricScores")),
    ("HubVoteEntry", "ballot", One("Ballot")),
    ("HubVoteEntry", "motion", One("Motion")),
    ("HubVoteEntry", "outcome", One("Outcome")),
    ("InterviewEntry", "status", One("InterviewState")),
    ("PanelReviewView", "kind", One("DocumentKind")),
    ("PanelReviewView", "recommendation", One("Recommendation")),
    ("PreferenceChanges", "choices", One("DeliveryChoices")),
    ("Problem", "missing", ListOf("Requirement")),
    ("Problem", "values", One("RefusalValues")),
    ("Readiness", "status", One("ReadinessStatus")),
    ("RecordedEvent", "data", One("EventFields")),
    (
        "ReviewRevisionView",
        "recommendation",
        One("Recommendation"),
    ),
    ("ReviseReview", "scores", One("RubricScores")),
    ("TimelineEntry", "details", One("EventFields")),
    ("TokenView", "role", One("Role")),
    ("VoteConcerning", "motion", One("Motion")),
    ("VoteConcerning", "outcome", One("Outcome")),
    ("VoteSummary", "ballot", One("Ballot")),
    ("VoteSummary", "motion", One("Motion")),
    ("VoteSummary", "outcome", One("Outcome")),
    ("VoteSummary", "rule", One("VoteRule")),
    ("VoteSummary", "stage", One("Stage")),
    ("VoteSummary", "tally", One("Tally")),
    ("VoteUnderWay", "ballot", One("Ballot")),
    ("VoteUnderWay", "motion", One("Motion")),
    ("VotingRecordEntry", "motion", One("Motion")),
];

/// The schemas `REFINED` names that no Rust type describes: the values the read models
/// and the outbox write as text, and the two open maps.
fn added_schemas() -> Vec<(&'static str, Value)> {
    let words = |description: &str, values: &[&str]| json!({ "type": "string", "description": description, "enum": values });
    vec![
        ("AttemptOutcome", words("How one delivery attempt ended: `failed` is tried again, `refused` is for good, `dropped` when the recipient's data was erased", &["sent", "failed", "refused", "dropped"])),
        ("BrokenLinkProblem", words("`altered`: the hash does not match the content and the previous hash; `missing`: an event before this one is gone; `head`: the aggregate's recorded last event is gone or differs", &["altered", "missing", "head"])),
        ("CarriedOutResult", words("What became of the decision on the application: `refused` carries the reason in `detail`", &["carried_out", "refused", "nothing_to_do"])),
        ("InterviewState", words("Where an interview stands", &["scheduled", "held", "cancelled"])),
        ("ReadinessStatus", words("Whether the server can do its work", &["ready", "not_ready"])),
        ("RubricScores", json!({
            "type": "object",
            "description": "A score from 1 to 5 for each criterion of the policy's rubric, by criterion",
            "additionalProperties": { "type": "integer", "minimum": 1, "maximum": 5 },
            "example": { "team": 4, "community": 5, "feasibility": 3, "impact": 4 }
        })),
        ("DeliveryChoices", json!({
            "type": "object",
            "description": "By kind of message, how it is to be received",
            "additionalProperties": { "$ref": "#/components/schemas/Delivery" },
            "example": { "stage_reached": "off", "vote_closed": "daily_digest" }
        })),
        ("EventFields", json!({
            "type": "object",
            "description": "An event's own fields, by the names the event type gives them (`type` names the event type); a sealed value shows only that it is sealed",
            "additionalProperties": true
        })),
        ("RefusalValues", json!({
            "type": "object",
            "description": "The values a refusal's rule names (a stage, a document kind and version, a deadline), by name",
            "additionalProperties": true,
            "example": { "stage": "eligible", "kind": "preliminary_report" }
        })),
    ]
}

/// Refines the component schemas in place.
pub fn refine(schemas: &mut Map<String, Value>) {
    for (name, schema) in added_schemas() {
        schemas.entry(name).or_insert(schema);
    }
    for (schema, property, holds) in REFINED {
        let Some(slot) = schemas
            .get_mut(*schema)
            .and_then(|s| property_of(s, property))
        else {
            continue;
        };
        let description = slot.get("description").cloned();
        let nullable = slot["type"]
            .as_array()
            .is_some_and(|types| types.contains(&json!("null")));
        let mut typed = match holds {
            One(name) if nullable => json!({ "oneOf": [{ "type": "null" }, reference(name)] }),
            One(name) => reference(name),
            ListOf(name) if nullable => {
                json!({ "type": ["array", "null"], "items": reference(name) })
            }
            ListOf(name) => json!({ "type": "array", "items": reference(name) }),
        };
        if let Some(description) = description {
            typed["description"] = description;
        }
        *slot = typed;
    }
    name_variants(schemas);
    distribute_unions(schemas);
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema of `property`, in the schema itself or in one of its `allOf` parts.
fn property_of<'a>(schema: &'a mut Value, property: &str) -> Option<&'a mut Value> {
    let direct = schema
        .get("properties")
        .is_some_and(|properties| properties.get(property).is_some());
    if direct {
        return schema.get_mut("properties")?.get_mut(property);
    }
    schema
        .get_mut("allOf")?
        .as_array_mut()?
        .iter_mut()
        .find_map(|part| part.get_mut("properties")?.get_mut(property))
}

/// Gives each object variant of a `oneOf` a schema of its own, named after the union and
/// its tag (`Motion` with `kind: advance` is `MotionAdvance`), and a union whose variants
/// all carry one tag property a discriminator on it.
fn name_variants(schemas: &mut Map<String, Value>) {
    let mut named = Vec::new();
    for (name, schema) in schemas.iter_mut() {
        let Some(variants) = schema.get_mut("oneOf").and_then(Value::as_array_mut) else {
            continue;
        };
        let tag = common_tag(variants);
        let mut mapping = Map::new();
        for variant in variants.iter_mut() {
            if variant["type"] != "object" {
                continue;
            }
            let label = match &tag {
                Some(tag) => variant["properties"][tag]["enum"][0]
                    .as_str()
                    .map(str::to_owned),
                // Externally tagged: the one property is the variant's name.
                None => sole_property(variant),
            };
            let Some(label) = label else { continue };
            if let Some(tag) = &tag {
                // A one-value enum, not a `const`: the document is read back into utoipa's
                // types, which have no `const` and would drop it, leaving a tag any string
                // matches, and so a value matching two variants of the `oneOf`.
                variant["properties"][tag] = json!({ "type": "string", "enum": [label] });
            }
            let variant_name = format!("{name}{}", pascal(&label));
            let variant_ref = reference(&variant_name);
            mapping.insert(label, variant_ref["$ref"].clone());
            named.push((variant_name, std::mem::replace(variant, variant_ref)));
        }
        if let Some(tag) = tag {
            schema["discriminator"] = json!({ "propertyName": tag, "mapping": mapping });
        }
    }
    schemas.extend(named);
}

/// A schema that is all of a discriminated union and some fields of its own (a gate's
/// `Check`: a requirement, flattened, and whether it is `met`) becomes a union itself, one
/// variant per variant of the other, with the same tag: generators cannot take all of a
/// union, but can take all of each of its variants.
fn distribute_unions(schemas: &mut Map<String, Value>) {
    let mut named = Vec::new();
    let mut rewritten = Vec::new();
    for (name, schema) in schemas.iter() {
        let Some([Value::Object(first), own @ ..]) = schema["allOf"].as_array().map(Vec::as_slice)
        else {
            continue;
        };
        let Some(union) = first
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|target| target.strip_prefix("#/components/schemas/"))
            .and_then(|target| schemas.get(target))
        else {
            continue;
        };
        let (Some(tag), Some(mapping)) = (
            union["discriminator"]["propertyName"].as_str(),
            union["discriminator"]["mapping"].as_object(),
        ) else {
            continue;
        };
        let mut variants = Vec::new();
        let mut own_mapping = Map::new();
        for (label, variant_ref) in mapping {
            let variant_name = format!("{name}{}", pascal(label));
            let mut parts = vec![json!({ "$ref": variant_ref })];
            parts.extend(own.iter().cloned());
            named.push((variant_name.clone(), json!({ "allOf": parts })));
            let reference = reference(&variant_name);
            own_mapping.insert(label.clone(), reference["$ref"].clone());
            variants.push(reference);
        }
        let mut union_of_own = json!({
            "oneOf": variants,
            "discriminator": { "propertyName": tag, "mapping": own_mapping },
        });
        if let Some(description) = schema.get("description") {
            union_of_own["description"] = description.clone();
        }
        rewritten.push((name.clone(), union_of_own));
    }
    schemas.extend(named);
    schemas.extend(rewritten);
}

/// The property every variant requires with a single value, if there is one.
fn common_tag(variants: &[Value]) -> Option<String> {
    let first = variants.first()?["properties"].as_object()?;
    first
        .keys()
        .find(|key| {
            variants.iter().all(|variant| {
                variant["properties"][key.as_str()]["enum"]
                    .as_array()
                    .is_some_and(|values| values.len() == 1)
                    && variant["required"]
                        .as_array()
                        .is_some_and(|required| required.contains(&json!(key)))
            })
        })
        .cloned()
}

fn sole_property(variant: &Value) -> Option<String> {
    let properties = variant["properties"].as_object()?;
    (properties.len() == 1)
        .then(|| properties.keys().next().cloned())
        .flatten()
}

/// `nothing_to_do` as `NothingToDo`.
fn pascal(label: &str) -> String {
    label
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
