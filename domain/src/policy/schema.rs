//! How the policy's types are described in the API's OpenAPI document where the derive
//! cannot say it: a `Fraction` is written as a string, not as its two fields.

use super::Fraction;

/// Described as it is written: a string `"n/d"`.
impl utoipa::PartialSchema for Fraction {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]+/[0-9]+$"))
            .description(Some(
                "An exact share, `numerator/denominator`, such as `1/2`",
            ))
            .examples(["2/3"])
            .into()
    }
}

impl utoipa::ToSchema for Fraction {}
