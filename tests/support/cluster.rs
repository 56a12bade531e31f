//! A PostgreSQL server of the test's own, so that it can be stopped, crashed and started
//! without disturbing the other tests (which share the machine's server), and streaming
//! standbys of it: `charter_cluster`'s, which the benchmarks use too.

pub use charter_cluster::PrivateCluster;

/// A started cluster of the test's own; `None` (the test is skipped, saying why) on a
/// machine without the PostgreSQL server programs.
pub fn private_cluster() -> Option<PrivateCluster> {
    let Some(bin) = charter_cluster::server_programs() else {
        eprintln!("skipped: no PostgreSQL server programs (initdb) on this machine");
        return None;
    };
    Some(PrivateCluster::start(&bin).expect("a private PostgreSQL cluster"))
}
