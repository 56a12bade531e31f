//! The association's member hubs older than Charter: registered by the secretariat on the
//! first day of the story, each with the delegates who cast its one vote in network votes.
//! The initiatives of the story join them as members once both signatures are on their
//! agreement.

use chrono::NaiveDate;

/// A member hub that joined the network before Charter recorded anything.
#[derive(Debug, Clone, Copy)]
pub struct FoundingHub {
    pub name: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    /// An ASCII name of the hub for its delegates' addresses.
    pub slug: &'static str,
    /// The year and month it joined the network: years before the story starts.
    pub joined: (i32, u32),
    /// Its delegates on the first day of the story: one or two.
    pub delegates: &'static [&'static str],
    /// Who takes over from a delegate whose term ends during the story.
    pub successor: &'static str,
}

impl FoundingHub {
    /// The first day the hub was a member.
    pub fn joined(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.joined.0, self.joined.1, 1)
    }
}

const fn hub(
    name: &'static str,
    city: &'static str,
    country: &'static str,
    slug: &'static str,
    joined: (i32, u32),
    delegates: &'static [&'static str],
    successor: &'static str,
) -> FoundingHub {
    FoundingHub {
        name,
        city,
        country,
        slug,
        joined,
        delegates,
        successor,
    }
}

/// Every member hub at the start of the story. None shares a city with a founding team of
/// the stories, whose hubs join under their own names.
#[rustfmt::skip]
pub const FOUNDING_HUBS: &[FoundingHub] = &[
    hub("Impact Hub Islington", "London", "GB", "islington", (2005, 2), &["Jonathan Reed", "Priya Shah"], "Olivia Bennett"),
    hub("Impact Hub Amsterdam", "Amsterdam", "NL", "amsterdam", (2008, 9), &["Maartje van Dijk"], "Joost Visser"),
    hub("Impact Hub Vienna", "Vienna", "AT", "vienna", (2010, 3), &["Matthias Gruber", "Lena Steiner"], "Florian Wimmer"),
    hub("Impact Hub Zurich", "Zurich", "CH", "zurich", (2011, 1), &["Nicole Keller"], "Reto Brunner"),
    hub("Impact Hub Madrid", "Madrid", "ES", "madrid", (2008, 11), &["Alejandro Serrano", "Marta Gil"], "Irene Castillo"),
    hub("Impact Hub Milan", "Milan", "IT", "milan", (2010, 5), &["Francesca Rossi"], "Alessandro Greco"),
    hub("Impact Hub Stockholm", "Stockholm", "SE", "stockholm", (2011, 9), &["Johanna Lund"], "Erik Nyström"),
    hub("Impact Hub Berlin", "Berlin", "DE", "berlin", (2014, 4), &["Katrin Vogel", "Moritz Braun"], "Anja Schäfer"),
    hub("Impact Hub Prague", "Prague", "CZ", "prague", (2012, 2), &["Petr Svoboda"], "Lucie Černá"),
    hub("Impact Hub Bucharest", "Bucharest", "RO", "bucharest", (2012, 10), &["Irina Dumitrescu"], "Radu Constantin"),
    hub("Impact Hub Johannesburg", "Johannesburg", "ZA", "johannesburg", (2012, 6), &["Lerato Mokoena", "Sipho Dlamini"], "Naledi Khumalo"),
    hub("Impact Hub São Paulo", "São Paulo", "BR", "saopaulo", (2008, 4), &["Camila Ribeiro"], "Gustavo Almeida"),
    hub("Impact Hub San Francisco", "San Francisco", "US", "sanfrancisco", (2009, 6), &["Emily Carter", "David Kim"], "Rachel Morgan"),
    hub("Impact Hub Singapore", "Singapore", "SG", "singapore", (2013, 8), &["Wei Ling Tan"], "Rajesh Kumar"),
    hub("Impact Hub Athens", "Athens", "GR", "athens", (2013, 5), &["Dimitra Alexiou"], "Yannis Pappas"),
    hub("Impact Hub Harare", "Harare", "ZW", "harare", (2015, 3), &["Tendai Moyo"], "Rudo Chikwanha"),
];

#[cfg(test)]
mod tests {
    use super::FOUNDING_HUBS;
    use crate::stories::STORIES;
    use std::collections::BTreeSet;

    #[test]
    fn the_founding_hubs_are_distinct_from_each_other_and_from_the_stories_hubs() {
        let names: BTreeSet<&str> = FOUNDING_HUBS.iter().map(|hub| hub.name).collect();
        let slugs: BTreeSet<&str> = FOUNDING_HUBS.iter().map(|hub| hub.slug).collect();
        assert_eq!(names.len(), FOUNDING_HUBS.len());
        assert_eq!(slugs.len(), FOUNDING_HUBS.len());
        for story in STORIES {
            assert!(!names.contains(story.hub_name().as_str()), "{}", story.city);
            assert!(FOUNDING_HUBS.iter().all(|hub| hub.city != story.city));
        }
        assert!(FOUNDING_HUBS
            .iter()
            .all(|hub| hub.joined().is_some() && (1..=2).contains(&hub.delegates.len())));
    }
}
